package main

import "testing"

// TestE2ELinkCounterparts links an annotation of the Kremlin readout to one
// of the White House readout with the keyboard (L, ], pick from the list),
// checks the panel lists the counterpart, and finds the link on both ends
// of the export.
func TestE2ELinkCounterparts(t *testing.T) {
	e := e2eStart(t)
	e.e2eLoad()
	tabs := e.e2eTabs()
	if len(tabs) != 2 {
		e.e2eFatalf("want the sample's two readouts, got %+v", tabs)
	}
	first := e.e2eList()
	if len(first) == 0 {
		e.e2eFatalf("the Kremlin readout has no annotations in the list")
	}
	from := first[0].ID
	e.e2eClick(`[data-annotation-list] [data-annotation-id="` + from + `"] button`)
	e.e2eWait("the panel to show the chosen annotation", e2eJS(`(id) => !!document.querySelector('[data-panel="annotation"] [data-annotation="' + id + '"]')`, from), e2eStepTimeout)
	e.e2ePressKey("l")
	e.e2ePressKey("]")
	e.e2eWait("the White House readout to open", e2eJS(`(id) => !!document.querySelector('[data-readout-id="' + id + '"]')`, tabs[1].ID), e2eStepTimeout)
	second := e.e2eList()
	if len(second) == 0 {
		e.e2eFatalf("the White House readout has no annotations in the list")
	}
	to := second[0].ID
	e.e2eClick(`[data-annotation-list] [data-annotation-id="` + to + `"] button`)
	e.e2eWait("the panel to list the counterpart", e2eJS(`(id) => !!document.querySelector('[data-panel="annotation"] [data-field="links"] [data-link="' + id + '"]')`, from), e2eStepTimeout)

	doc, _, filename := e.e2eExport()
	e2eCheckExport(t, doc, filename)
	ends := 0
	for _, a := range doc.Annotations {
		for _, l := range a.Links {
			switch {
			case a.ID == from && l.AnnotationID == to && l.Kind == "counterpart":
				ends++
			case a.ID == to && l.AnnotationID == from && l.Kind == "counterpart":
				ends++
			default:
				t.Errorf("unexpected link %s -> %+v", a.ID, l)
			}
		}
	}
	if ends != 2 {
		t.Fatalf("the link should be written on both ends of the export, found %d", ends)
	}
}
