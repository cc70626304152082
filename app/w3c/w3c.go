// Package w3c exports a framecheck workspace as W3C Web Annotations
// (Web Annotation Data Model and Vocabulary, W3C Recommendation, 23
// February 2017) in JSON-LD, and imports such annotations, whether written
// by Encode or by another tool. It uses neither the browser nor go-app.
//
// # Export (Encode)
//
// The file is one AnnotationCollection:
//
//	{
//	  "@context": ["http://www.w3.org/ns/anno.jsonld",
//	               {"framecheck": "https://framecheck.invalid/ns#",
//	                "framecheck:readouts": {"@container": "@list"}}],
//	  "id": "urn:uuid:<workspace id>",
//	  "type": "AnnotationCollection",
//	  "label": "<workspace title>",
//	  "created": "<workspace createdAt>", "modified": "<workspace updatedAt>",
//	  "generated": "<now>", "generator": {"type": "Software", "name": "framecheck"},
//	  "total": <number of annotations>,
//	  "first": {"id": "urn:uuid:<workspace id>#page-1", "type": "AnnotationPage",
//	            "startIndex": 0, "items": [<annotations>]},
//	  "last": "urn:uuid:<workspace id>#page-1",
//	  "framecheck:readouts": [<readouts>]
//	}
//
// "first" and "last" are left out when there are no annotations (the
// Recommendation requires them only when there are). Embedded annotations
// do not repeat "@context": as in the Recommendation's own collection
// examples, they take the document's.
//
// Each annotation, in canonical order (readout, start, end, id):
//
//	{
//	  "id": "urn:uuid:<annotation id>",
//	  "type": "Annotation",
//	  "motivation": "classifying",
//	  "created": "2026-07-05T07:41:03Z", "modified": "2026-07-05T07:41:03Z",
//	  "creator": {"type": "Person", "name": "<author>"},            // when set
//	  "body": [
//	    {"type": "TextualBody", "purpose": "tagging", "value": "fact"},   // fact, framing or omission
//	    {"type": "TextualBody", "purpose": "commenting", "format": "text/plain", "value": "<note>"} // when set
//	  ],
//	  "target": {
//	    "type": "SpecificResource",
//	    "source": "<readout IRI>",
//	    "selector": [
//	      {"type": "TextQuoteSelector", "exact": "…", "prefix": "…", "suffix": "…"},
//	      {"type": "TextPositionSelector", "start": 208, "end": 222}
//	    ]
//	  }
//	}
//
// Offsets count Unicode code points, end exclusive, as the Recommendation
// defines characters for TextPositionSelector. An omission point has
// start == end and "exact": "" with its prefix and suffix; empty prefix or
// suffix are left out.
//
// The readout IRI (the target's "source") is the readout's URL when it is
// an absolute http or https IRI that no other readout of the workspace
// uses, and "urn:uuid:<readout id>" otherwise.
//
// "Omitted by": an omission that names readouts which leave it out has one
// more target per such readout, in order, after the anchored target: the
// bare IRI of that readout (a whole-resource target, a plain string). In
// the Recommendation's terms the annotation's bodies (the tag "omission"
// and the note) apply to every target, so it reads "this passage is an
// omission, and so is readout B as a whole, for leaving it out". Only
// standard terms are used; framecheck tells the anchored target (the one
// with selectors) from the omitting readouts (targets without selectors).
// Target order is kept in JSON but is not significant in RDF.
//
// Versions (see docs/versions.md): a readout's earlier texts travel as
// "framecheck:versions" on the readout, each {"value", "framecheck:textSha256",
// "framecheck:addedAt", "framecheck:url"}. An orphan (an annotation a new
// version could not place) has only its TextQuoteSelector, since its
// offsets are on an earlier text, with "framecheck:orphan": true and
// "framecheck:anchoredTo" (the SHA-256 of that text); Decode places it by
// its quote on that version. "framecheck:previousExact" is a quote before a
// new version changed it.
//
// Links: a counterpart link (two annotations of different readouts that
// tell the same claim; the model keeps it on both ends) is one more
// annotation, once per pair, after all the annotations, in order of its
// targets:
//
//	{
//	  "id": "urn:uuid:<version 5 UUID of the pair>",
//	  "type": "Annotation",
//	  "motivation": "linking",
//	  "body": [
//	    {"type": "TextualBody", "purpose": "tagging", "value": "counterpart"},   // the kind
//	    {"type": "TextualBody", "purpose": "commenting", "format": "text/plain", "value": "<note>"} // when set
//	  ],
//	  "target": ["urn:uuid:<annotation id>", "urn:uuid:<other annotation id>"]  // lower id first
//	}
//
// The targets are the two annotations' IRIs: in the Recommendation any
// resource can be a target, an annotation included. The id is derived from
// the two annotation IRIs (the name "link <lower> <higher>", version 5), so
// the same workspace always gives the same bytes. The link has no
// "created", "modified" or "creator" (the Recommendation's SHOULD for
// "created" is not met): the model keeps no time or author for a link, and
// framecheck does not make one up. "total" counts the links too.
//
// Readout texts travel in the collection, so that the file is
// self-contained, as the extension property "framecheck:readouts" (an
// ordered list) whose prefix the @context declares. The namespace
// https://framecheck.invalid/ns# is private to framecheck and deliberately
// unresolvable (.invalid): no vocabulary is published there. Each readout
// uses standard terms where the vocabulary has them:
//
//	{
//	  "id": "<readout IRI>",                      // as in the targets' "source"
//	  "type": "Text",
//	  "framecheck:readoutId": "urn:uuid:<readout id>",
//	  "label": "<title>",
//	  "framecheck:outlet": "<source: outlet or channel>",   // when set
//	  "framecheck:url": "<URL as typed>",                   // when set
//	  "framecheck:publishedAt": "<as typed>",               // when set
//	  "language": "<language>",                             // when set
//	  "format": "text/plain",
//	  "framecheck:textSha256": "<hex SHA-256 of the UTF-8 text>",
//	  "value": "<the text>"
//	}
//
// Every field of the model travels, links included: Decode(Encode(w)) is
// w, field for field (the round trip test compares framecheck v1 exports
// byte for byte), except a workspace's class fields (assignment and the
// hand-in stamp), which only framecheck v1 files carry.
//
// # Import (Decode, DecodeWithTexts)
//
// Decode reads files written by Encode, and files of other tools: a single
// Annotation, a JSON array of annotations, an AnnotationPage or an
// AnnotationCollection whose pages are embedded ("first", then embedded
// "next" pages; a page given only by its IRI cannot be fetched and is
// refused). "id"/"@id" and "type"/"@type" are read alike; keys are
// otherwise those of the anno.jsonld context, matched exactly.
//
//   - Readouts: from "framecheck:readouts" when the file has them;
//     otherwise DecodeWithTexts takes the texts from a map of source IRI to
//     text. A readout made from the map gets the IRI as its title (and its
//     URL, for http and https IRIs), and the id of a "urn:uuid:" IRI or a
//     UUID derived from the IRI (version 5); only readouts that annotations
//     refer to are made, in order of first reference. Its line breaks are
//     normalised to LF. Decode refuses a file whose texts are missing,
//     naming the source.
//   - Targets: a string IRI, an object, or an array of them. The target
//     with selectors is the anchored one (at most one: an annotation with
//     two is refused, since a framecheck annotation marks one passage; a
//     link between passages is two annotations and a link); targets
//     without selectors are readouts that omit the passage (omittedBy),
//     which only an omission may have. A lone target without selectors
//     covers the whole text.
//   - Selectors: TextQuoteSelector and TextPositionSelector; others (XPath,
//     CSS, Range...) are alternatives and are skipped when one of these two
//     is present, refused otherwise. With a position, the position is used
//     if the quote (exact, and the prefix and suffix that are given) is the
//     text there; if not, or without a position, the quote is looked up
//     byte for byte: an exact that occurs once is taken there; one that
//     occurs more often is taken where prefix+exact+suffix occurs, if that
//     is once; a point ("exact": "") goes between its prefix and suffix if
//     they occur together once. Otherwise the refusal says why (not found,
//     or ambiguous), at the selector's path. If the quote cannot be found
//     but its exact is the text at the given position, the position is
//     kept. Prefix and suffix are kept when they are at most 32 code points
//     and are the text around the place; otherwise they are taken afresh
//     (32 code points).
//   - Bodies: an object, a string IRI, or an array; "bodyValue" is read as
//     a text body. A body is a tag when its "purpose" is "tagging" or
//     "classifying" (or, without a purpose, when that is the annotation's
//     only motivation). The first tag that is fact, framing or omission
//     (trimmed, any case) is the annotation's tag. Every other body becomes
//     part of the note, never an error: text bodies as paragraphs (in body
//     order, separated by a blank line), then one line per other item:
//     "tag: <value>" for a tag framecheck does not know (or the IRI of a
//     tag resource), "body: <IRI>" for a body that is a link, and
//     "motivation: <m>" for a motivation other than classifying, tagging,
//     commenting and highlighting. An annotation without a known tag gets
//     the line "tag: none" and is tagged framing (the tag that says only
//     "look at how this is put"), or omission when it is a point, the only
//     tag a point can have. A "Choice" body contributes its first item.
//   - "creator": a name, or a Person/Agent object ("name", else
//     "nickname", else its IRI); several are joined with ", ".
//   - "created"/"modified": RFC 3339 (a time without offset is taken as
//     UTC), kept in whole seconds. A missing created takes modified, and
//     the other way round; with neither, the collection's times; a
//     workspace without times takes the earliest created and latest
//     modified of its annotations. With no time anywhere, the zero time.
//   - Ids: "urn:uuid:<uuid>" gives the uuid; any other IRI a UUID derived
//     from it (version 5, so re-importing gives the same ids); no id, a
//     UUID derived from the file and the annotation's place in it.
//   - The workspace: the collection's id, "label" (else "Imported
//     annotations"), "created" and "modified".
//   - Links: an annotation whose motivations include "linking" and whose
//     targets (two or more) have no selectors links annotations. It is
//     read after all the annotations of the file, wherever it is in the
//     file, and becomes a link on both ends. Each target (an IRI, or an
//     object with "id" or "source") must name an annotation of the file by
//     its id, read as annotation ids are (so "urn:uuid:<id>" or the same
//     IRI); otherwise it is refused at the target's path, with "is a
//     readout, not an annotation" when it names a readout. Refused too,
//     each with its path: other than exactly two targets, the same
//     annotation twice, two annotations of the same readout, and a second
//     link between the same two. The kind is counterpart, the only kind:
//     with a tag "counterpart" (trimmed, any case), or with no tag at all.
//     A link tagged otherwise is not refused: it is kept as a counterpart
//     and, as for annotations, the note keeps everything else: text bodies
//     as paragraphs, then lines "tag: <value>" for other tags (so an
//     unknown kind reads "tag: supports"), "body: <IRI>", "motivation: <m>"
//     for motivations other than linking and those annotations absorb, and
//     "creator: <name>". The link annotation's own id and times are not
//     kept: the model has no place for them, and the id is derived anew on
//     export. A linking annotation with an anchored target or a single
//     target (the Recommendation's usual "this passage links to that
//     resource", the resource in the body) is read as an annotation, as
//     before, its motivation noted.
//
// Every refusal is a *refusal.Error whose Path names the place, e.g.
// `first.items[3].target.selector[1].end: 912 is past the end of …`
// (items count from 0 in file order), and nothing is returned with it.
// Files over refusal.MaxFileSize (50 MB) are refused before they are read.
package w3c

import (
	"crypto/sha1"
	"strings"
	"time"

	"framecheck/app/fcjson"
	"framecheck/app/internal/jsonwalk"
)

// The IRIs and names the format uses.
const (
	// AnnoContext is the JSON-LD context of the Web Annotation model.
	AnnoContext = "http://www.w3.org/ns/anno.jsonld"
	// Namespace is framecheck's private, unresolvable extension namespace.
	Namespace = "https://framecheck.invalid/ns#"
	// MediaType is the media type of the files (JSON-LD with the
	// annotation profile), for a download.
	MediaType = `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`
)

const (
	urnUUID      = "urn:uuid:"
	keyReadouts  = "framecheck:readouts"
	defaultTitle = "Imported annotations"
)

// Filename suggests a name for the export of a workspace, like
// fcjson.Filename but ending in .w3c.jsonld.
func Filename(title string, day time.Time) string {
	return strings.TrimSuffix(fcjson.Filename(title, day), ".framecheck.json") + ".w3c.jsonld"
}

// timeLayout is RFC 3339 in UTC with whole seconds.
const timeLayout = "2006-01-02T15:04:05Z"

// idNamespace is the namespace of the version 5 UUIDs derived from IRIs
// that are not urn:uuid (a fixed random UUID; never change it, or
// re-imports get new ids).
var idNamespace = [16]byte{0x6f, 0x1e, 0x2a, 0x9c, 0x4b, 0x37, 0x4d, 0x05, 0x9a, 0x61, 0x0e, 0x8d, 0x3c, 0x52, 0x77, 0xb4}

// derivedUUID is the RFC 9562 version 5 UUID of name in idNamespace
// (written here: the project's uuid dependency is not for this package).
func derivedUUID(name string) string {
	h := sha1.New()
	h.Write(idNamespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return jsonwalk.FormatUUID(u)
}

// idFromIRI returns the uuid of "urn:uuid:<uuid>" (any case of the
// prefix), or a UUID derived from any other IRI.
func idFromIRI(iri string) string {
	if len(iri) > len(urnUUID) && strings.EqualFold(iri[:len(urnUUID)], urnUUID) && jsonwalk.IsUUID(iri[len(urnUUID):]) {
		return iri[len(urnUUID):]
	}
	return derivedUUID(iri)
}
