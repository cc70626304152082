package browser

// Piece is a stretch of a class overlay: its text and, per tag (fact,
// framing, omission), the share of the students shown who tagged it (0 to
// 1); Key is set where the teacher's key tags it.
type Piece struct {
	Text  string
	Level [3]float64
	Key   bool
}
