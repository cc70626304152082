package e2e

import "testing"

// TestCounterpartsLinkAcrossReadouts links an annotation of the Kremlin readout to one
// of the White House readout with the keyboard (L, ], pick from the list),
// checks the panel lists the counterpart, and finds the link on both ends
// of the export.
func TestCounterpartsLinkAcrossReadouts(t *testing.T) {
	e := start(t)
	e.load()
	tabs := e.tabs()
	if len(tabs) != 2 {
		e.fatalf("want the sample's two readouts, got %+v", tabs)
	}
	first := e.list()
	if len(first) == 0 {
		e.fatalf("the Kremlin readout has no annotations in the list")
	}
	from := first[0].ID
	e.click(`[data-annotation-list] [data-annotation-id="` + from + `"] button`)
	e.wait("the panel to show the chosen annotation", js(`(id) => !!document.querySelector('[data-panel="annotation"] [data-annotation="' + id + '"]')`, from), stepTimeout)
	e.pressKey("l")
	e.pressKey("]")
	e.wait("the White House readout to open", js(`(id) => !!document.querySelector('[data-readout-id="' + id + '"]')`, tabs[1].ID), stepTimeout)
	second := e.list()
	if len(second) == 0 {
		e.fatalf("the White House readout has no annotations in the list")
	}
	to := second[0].ID
	e.click(`[data-annotation-list] [data-annotation-id="` + to + `"] button`)
	e.wait("the panel to list the counterpart", js(`(id) => !!document.querySelector('[data-panel="annotation"] [data-field="links"] [data-link="' + id + '"]')`, from), stepTimeout)

	doc, _, filename := e.export()
	checkExport(t, doc, filename)
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
