package workspace

import (
	"fmt"
	"strings"
	"time"
)

// The sample workspace: two readouts of the same phone call, written for
// framecheck in the manner of each capital. The Kremlin one is in Russian and
// opens with flag emoji, as such posts often do on Telegram, so the first
// thing a new user sees exercises Cyrillic and astral characters.
const (
	sampleKremlinText = "🇷🇺🇺🇸 Телефонный разговор Владимира Путина с Дональдом Трампом\n" +
		"\n" +
		"По инициативе американской стороны состоялся телефонный разговор Президента России Владимира Путина с Президентом Соединённых Штатов Америки Дональдом Трампом. Беседа продолжалась 1 час 25 минут.\n" +
		"\n" +
		"Владимир Путин поздравил Дональда Трампа и весь американский народ с 250-летием независимости США.\n" +
		"\n" +
		"Президенты обсудили ситуацию вокруг Украины, положение на Ближнем Востоке, включая иранскую тематику, а также перспективы торгово-экономического сотрудничества. Российская сторона подчеркнула, что прочное урегулирование возможно лишь при устранении первопричин конфликта.\n" +
		"\n" +
		"Разговор носил деловой и откровенный характер. Условлено продолжить контакты на различных уровнях.\n" +
		"\n" +
		"Помощник Президента Ю. Ушаков"

	sampleWhiteHouseText = "Readout of President Trump's Call with President Putin of Russia\n" +
		"\n" +
		"President Trump spoke with President Putin of Russia today for ninety minutes. The President made clear that the killing in Ukraine has to stop and that the United States expects serious steps toward a ceasefire.\n" +
		"\n" +
		"The two leaders also discussed Iran and the wider Middle East.\n" +
		"\n" +
		"President Trump reiterated that any settlement must involve Ukraine and America's European partners. No agreements were reached. The President will speak with President Zelenskyy in the coming days."
)

// Sample returns the sample workspace a new user opens, with a few
// annotations that show each tag, an omission point and "omitted by".
func Sample(now time.Time) (*Workspace, error) {
	w := New("Putin–Trump call, July 2026 (sample)", now)
	kr, err := NewReadout("Kremlin readout", "Kremlin press service (Telegram)", "", "2026-07-05", "ru", sampleKremlinText)
	if err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	wh, err := NewReadout("White House readout", "The White House", "", "2026-07-05", "en", sampleWhiteHouseText)
	if err != nil {
		return nil, fmt.Errorf("sample: %w", err)
	}
	for _, r := range []*Readout{kr, wh} {
		if _, err := w.Do(AddReadout{Readout: r, Index: -1}, now); err != nil {
			return nil, fmt.Errorf("sample: %w", err)
		}
	}
	const author = "framecheck sample"
	notes := []struct {
		r         *Readout
		tag       Tag
		quote     string
		point     bool // a point after the quote
		note      string
		omittedBy *Readout
	}{
		{kr, Fact, "1 час 25 минут", false, "Both sides agree on the length: the White House says ninety minutes.", nil},
		{kr, Framing, "По инициативе американской стороны", false, "Opens by casting Washington as the side that asked for the call.", nil},
		{kr, Framing, "деловой и откровенный характер", false, "\"Businesslike and frank\": the stock phrase for a call that produced no agreement.", nil},
		{kr, Omission, "первопричин конфликта.", true, "Nothing on Ukraine's own part in a settlement, nor on Europe's.", nil},
		{wh, Fact, "for ninety minutes", false, "Matches the Kremlin's 1 hour 25 minutes, give or take.", nil},
		{wh, Framing, "the killing in Ukraine has to stop", false, "Puts pressure on Moscow at the centre of the call.", nil},
		{wh, Omission, "any settlement must involve Ukraine and America's European partners", false, "The Kremlin readout says nothing of Kyiv or Europe having a seat.", kr},
		{wh, Omission, "for ninety minutes.", true, "The Kremlin's holiday congratulations do not appear here.", nil},
	}
	for _, n := range notes {
		starts := n.r.Positions().Find(n.quote)
		if len(starts) != 1 {
			return nil, fmt.Errorf("sample: quote %q occurs %d times", n.quote, len(starts))
		}
		start, end := starts[0], starts[0]+len([]rune(n.quote))
		if n.point {
			start = end
		}
		a, err := w.NewAnnotation(n.r.ID, n.tag, start, end, author, now)
		if err != nil {
			return nil, fmt.Errorf("sample: %w", err)
		}
		a.Note = strings.TrimSpace(n.note)
		if n.omittedBy != nil {
			a.OmittedBy = []string{n.omittedBy.ID}
		}
		if _, err := w.Do(AddAnnotation{Annotation: a}, now); err != nil {
			return nil, fmt.Errorf("sample: %w", err)
		}
	}
	return w, nil
}
