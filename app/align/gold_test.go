package align

// sampleRU and sampleEN are workspace's sample readouts (copied: the
// constants are unexported there).
const (
	sampleRU = "🇷🇺🇺🇸 Телефонный разговор Владимира Путина с Дональдом Трампом\n" +
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

	sampleEN = "Readout of President Trump's Call with President Putin of Russia\n" +
		"\n" +
		"President Trump spoke with President Putin of Russia today for ninety minutes. The President made clear that the killing in Ukraine has to stop and that the United States expects serious steps toward a ceasefire.\n" +
		"\n" +
		"The two leaders also discussed Iran and the wider Middle East.\n" +
		"\n" +
		"President Trump reiterated that any settlement must involve Ukraine and America's European partners. No agreements were reached. The President will speak with President Zelenskyy in the coming days."
)
