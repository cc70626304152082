package browser

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// Piece is a stretch of a class overlay: its text and, per tag (fact,
// framing, omission), the share of the students shown who tagged it (0 to
// 1); Key is set where the teacher's key tags it.
type Piece struct {
	Text  string
	Level [3]float64
	Key   bool
	// BlockEnd: the overlay's block ends after this piece (see Blocks).
	BlockEnd bool
}

// levelText is how a level is written into the --d0..--d2 variables.
func levelText(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// Flags of a piece in an overlay plan.
const (
	planKey      = 1 // the piece gets the class fc-seg-key
	planLevelled = 2 // the piece sets --d0, --d1 and --d2
	// planBar<<t: tag t's level is not zero, so the piece gets the class
	// fc-bar<t> and the stylesheet draws that bar. A bar drawn at level
	// zero is invisible but the browser still paints its gradient: a class
	// has thousands of pieces, and most have a tag nobody chose there.
	planBar = 4
	// planBlockEnd: the piece is the last of its block (Piece.BlockEnd).
	planBlockEnd = 32
)

// barClasses are the classes of a piece: fc-seg, fc-seg-key where the key
// tags it, and fc-bar<t> for each tag whose level is not zero.
func barClasses(flags int32) string {
	cls := "fc-seg"
	if flags&planKey != 0 {
		cls += " fc-seg-key"
	}
	for t := range 3 {
		if flags&(planBar<<t) != 0 {
			cls += " fc-bar" + strconv.Itoa(t)
		}
	}
	return cls
}

// levelStrings writes each distinct level once: a class overlay has
// thousands of pieces and few distinct levels.
type levelStrings struct {
	index map[float64]int32
	texts []string // by index, in the order first seen
}

// zeroLevel is how a level of zero is written: no bar.
var zeroLevel = levelText(0)

// of returns the index in texts of v's string.
func (l *levelStrings) of(v float64) int32 {
	i, ok := l.index[v]
	if !ok {
		if l.index == nil {
			l.index = map[float64]int32{}
		}
		i = int32(len(l.texts))
		l.index[v] = i
		l.texts = append(l.texts, levelText(v))
	}
	return i
}

// pieceFlags returns the plan flags of a piece and, when it is levelled,
// the index in ls of each tag's level.
func pieceFlags(p Piece, ls *levelStrings) (flags int32, li [3]int32) {
	if p.Key {
		flags |= planKey
	}
	if p.BlockEnd {
		flags |= planBlockEnd
	}
	if p.Level != [3]float64{} {
		flags |= planLevelled
		for t, v := range p.Level {
			li[t] = ls.of(v)
			if ls.texts[li[t]] != zeroLevel {
				flags |= planBar << t
			}
		}
	}
	return flags, li
}

// blockMin is how many code points a block of the overlay holds at least
// before it may end at a line break: about a paragraph, so that a block
// seldom ends right after the one before.
const blockMin = 500

// Blocks cuts an overlay into blocks that each end just after a line break
// ('\n') once they hold blockMin code points, splitting a piece in two where
// a block ends inside it, and marks each block's last piece. Each block is
// an element of its own, which the stylesheet lets the browser skip (style,
// layout and paint) while it is far from the screen: a class overlay holds
// thousands of pieces in a scroll box that shows a few hundred. Blocks end
// only at line breaks, so the lines are the same as in one block. A text
// without line breaks is one block.
func Blocks(pieces []Piece) []Piece {
	out := make([]Piece, 0, len(pieces)+16)
	n := 0 // code points in the current block
	for _, p := range pieces {
		for {
			cut := -1 // byte index just after the line break that ends the block
			m := n
			for i, r := range p.Text {
				m++
				if r == '\n' && m >= blockMin {
					cut = i + 1
					break
				}
			}
			if cut < 0 {
				n = m
				out = append(out, p)
				break
			}
			head := p
			head.Text, head.BlockEnd = p.Text[:cut], true
			out = append(out, head)
			p.Text, n = p.Text[cut:], 0
			if p.Text == "" {
				break
			}
		}
	}
	if len(out) > 0 {
		out[len(out)-1].BlockEnd = true
	}
	return out
}

// planWords is how many int32 words a plan spends on each piece.
const planWords = 5

// overlayPlan is the whole overlay in a form web/framecheck.js paints in
// one call: every call from WebAssembly into JavaScript costs, and a class
// overlay has thousands of pieces. text is the pieces' texts joined; plan
// holds per piece, as little-endian int32, the UTF-16 offset where its text
// ends in text, its flags (planKey, planLevelled, planBar) and, for each
// tag, the index in levels of the string its level is written as (the same
// strings PaintOverlay sets one by one). A class has few distinct levels,
// so levels is short.
func overlayPlan(pieces []Piece) (text string, plan []byte, levels []string) {
	var b strings.Builder
	plan = make([]byte, 0, 4*planWords*len(pieces))
	var ls levelStrings
	at := 0
	for _, p := range pieces {
		b.WriteString(p.Text)
		at += utf16Len(p.Text)
		flags, li := pieceFlags(p, &ls)
		for _, w := range [planWords]int32{int32(at), flags, li[0], li[1], li[2]} {
			plan = binary.LittleEndian.AppendUint32(plan, uint32(w))
		}
	}
	return b.String(), plan, ls.texts
}

// utf16Len is the length of valid UTF-8 s in UTF-16 units, as JavaScript
// counts it. (The script checks that the plan ends where its text does, so
// invalid UTF-8, which JavaScript may count otherwise, is never misplaced.)
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
