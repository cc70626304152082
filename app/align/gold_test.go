package align

// Hand-written readout pairs with hand-labelled counterparts. The texts are
// written for these tests in the manner of each government's readouts; they
// are not copies of real ones.
//
// A gold pair names each side by a quote that occurs in exactly one sentence.
// "x|y" on one side means either sentence is a right answer: one readout
// tells in one sentence what the other tells in two, and a one-to-one
// matching can only pick one of them. A sentence in no gold pair has no
// counterpart: it is a true omission candidate.

type goldPair struct{ a, b string }

type goldDoc struct {
	name  string
	a, b  string
	pairs []goldPair
}

var goldEnEn = []goldDoc{
	{
		name: "wh-vs-uk",
		a: "Readout of President Trump's Call with Prime Minister Starmer\n\n" +
			"President Donald J. Trump spoke today with Prime Minister Keir Starmer of the United Kingdom. " +
			"The leaders discussed the war in Ukraine and agreed that a durable ceasefire is urgently needed. " +
			"President Trump thanked the Prime Minister for the U.K.'s leadership on European defense spending.\n\n" +
			"The two leaders also reviewed progress on the U.S.-U.K. trade agreement signed in May. " +
			"They agreed their teams would meet in Washington next week to finalize tariff schedules.\n\n" +
			"Finally, the leaders discussed the situation in the Middle East, including Iran's nuclear program.",
		b: "PM call with President Trump: 3 March 2026\n\n" +
			"The Prime Minister spoke to US President Donald Trump this afternoon.\n\n" +
			"They began by discussing the economic partnership between the UK and the US. " +
			"The Prime Minister welcomed the progress made on the trade deal signed in May. " +
			"The leaders agreed that officials would meet in Washington next week to settle the remaining tariff questions.\n\n" +
			"Turning to Ukraine, the Prime Minister set out the UK's continued support. " +
			"Both leaders agreed that a lasting ceasefire is needed urgently. " +
			"The Prime Minister updated on European efforts to increase defence spending.\n\n" +
			"They also discussed the Middle East and the threat posed by Iran's nuclear programme.\n\n" +
			"The Prime Minister also raised the case of a British national detained abroad. " +
			"The leaders agreed to speak again soon.",
		pairs: []goldPair{
			{"Readout of President Trump's Call", "PM call with President Trump"},
			{"President Donald J. Trump spoke today", "The Prime Minister spoke to US President"},
			{"discussed the war in Ukraine", "a lasting ceasefire is needed"},
			{"thanked the Prime Minister", "European efforts to increase defence"},
			{"reviewed progress on the U.S.-U.K. trade", "welcomed the progress"},
			{"teams would meet in Washington", "officials would meet in Washington"},
			{"Finally, the leaders discussed", "They also discussed the Middle East"},
		},
	},
	{
		name: "state-vs-mfa",
		a: "Secretary Rubio's Call with Russian Foreign Minister Lavrov\n\n" +
			"Secretary of State Marco Rubio spoke with Russian Foreign Minister Sergey Lavrov today. " +
			"The Secretary reiterated that the United States is committed to ending the war in Ukraine through negotiations. " +
			"He emphasized that the killing must stop and that Russia must take concrete steps toward a ceasefire.\n\n" +
			"The Secretary and the Foreign Minister discussed the next round of talks in Istanbul. " +
			"They agreed that their teams would continue working on the exchange of prisoners.\n\n" +
			"Secretary Rubio also raised the cases of American citizens wrongfully detained in Russia.",
		b: "On a telephone conversation between Russian Foreign Minister Sergey Lavrov and US Secretary of State Marco Rubio\n\n" +
			"On July 3, Foreign Minister Sergey Lavrov had a telephone conversation with US Secretary of State Marco Rubio at the American side's initiative.\n\n" +
			"The ministers discussed preparations for the next round of Russia-Ukraine negotiations in Istanbul. " +
			"Sergey Lavrov stressed that a durable settlement is only possible if the root causes of the conflict are eliminated.\n\n" +
			"The parties confirmed their interest in continuing prisoner exchanges. " +
			"They also touched upon the situation in the Middle East, including the Iranian nuclear programme.\n\n" +
			"The ministers agreed to maintain contact.",
		pairs: []goldPair{
			{"Secretary Rubio's Call with", "On a telephone conversation between"},
			{"Marco Rubio spoke with", "On July 3"},
			{"next round of talks in Istanbul", "The ministers discussed preparations"},
			{"exchange of prisoners", "continuing prisoner exchanges"},
		},
	},
	{
		// The same call told in a different order: the White House leads
		// with the Middle East, the Kremlin with congratulations.
		name: "kremlin-en-vs-wh",
		a: "Telephone conversation with President of the United States Donald Trump\n\n" +
			"Vladimir Putin had a telephone conversation with President of the United States of America Donald Trump, at the American side's initiative. " +
			"The conversation lasted for 1 hour and 25 minutes.\n\n" +
			"Vladimir Putin congratulated Donald Trump and the American people on the upcoming Independence Day.\n\n" +
			"The presidents exchanged views on the situation around Ukraine. " +
			"Vladimir Putin noted that Russia is ready to continue negotiations with Kyiv in Istanbul. " +
			"He emphasized that Russia will not back down from its goals, which are to eliminate the root causes of the conflict.\n\n" +
			"The situation in the Middle East and the Persian Gulf was also discussed in detail, with a focus on Iran.\n\n" +
			"The presidents agreed to keep in touch. The conversation was frank and businesslike.",
		b: "Readout of President Trump's Call with President Putin\n\n" +
			"President Trump spoke with President Putin today for about an hour and a half.\n\n" +
			"The two leaders discussed the situation in the Middle East and Iran at length. " +
			"President Trump stressed that Iran must never have a nuclear weapon.\n\n" +
			"On Ukraine, President Trump reiterated his call for an immediate ceasefire and an end to the killing. " +
			"President Putin said Russia was ready to resume talks with Ukraine in Istanbul.\n\n" +
			"President Trump raised the prospect of expanded trade between the two countries once the war ends.\n\n" +
			"The presidents agreed to speak again soon.",
		pairs: []goldPair{
			{"Telephone conversation with President", "Readout of President Trump's Call"},
			{"had a telephone conversation|lasted for 1 hour", "for about an hour and a half"},
			{"exchanged views on the situation around Ukraine", "On Ukraine, President Trump reiterated"},
			{"ready to continue negotiations with Kyiv", "ready to resume talks"},
			{"Persian Gulf", "discussed the situation in the Middle East and Iran"},
			{"agreed to keep in touch", "agreed to speak again soon"},
		},
	},
}

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

var goldRuEn = []goldDoc{
	{
		name: "sample",
		a:    sampleRU,
		b:    sampleEN,
		pairs: []goldPair{
			{"Телефонный разговор Владимира", "Readout of President Trump's Call"},
			{"По инициативе|Беседа продолжалась", "for ninety minutes"},
			{"Президенты обсудили", "also discussed Iran"},
		},
	},
	{
		name: "energy-truce",
		a: "Телефонный разговор с Президентом США Дональдом Трампом\n\n" +
			"Состоялся телефонный разговор Владимира Путина с Президентом Соединённых Штатов Америки Дональдом Трампом. " +
			"Разговор продолжался более двух часов.\n\n" +
			"Президенты подробно обсудили ситуацию вокруг Украины. " +
			"Владимир Путин поддержал предложение Дональда Трампа о взаимном отказе на 30 дней от ударов по объектам энергетической инфраструктуры и сразу дал соответствующую команду российским военным.\n\n" +
			"Владимир Путин позитивно отреагировал на предложение о прекращении огня на Черном море и согласился начать переговоры для проработки деталей.\n\n" +
			"Президент России сообщил, что 19 марта будет произведён обмен пленными: 175 на 175.\n\n" +
			"Кроме того, обсуждались перспективы нормализации российско-американских отношений и сотрудничества в энергетике.\n\n" +
			"Условлено продолжить контакты.",
		b: "Readout of President Trump's Call with President Putin\n\n" +
			"Today, President Trump and President Putin spoke about the need for peace and a ceasefire in the Ukraine war. " +
			"Both leaders agreed this conflict needs to end with a lasting peace.\n\n" +
			"The leaders agreed that the movement to peace will begin with an energy and infrastructure ceasefire, as well as technical negotiations on implementation of a maritime ceasefire in the Black Sea.\n\n" +
			"The leaders spoke broadly about the Middle East as a region of potential cooperation to prevent future conflicts. " +
			"They further discussed the need to stop proliferation of strategic weapons.\n\n" +
			"The leaders agreed that an improved bilateral relationship between the United States and Russia has a huge upside, including enormous economic deals.\n\n" +
			"President Putin informed President Trump that 175 prisoners of war would be exchanged tomorrow.",
		pairs: []goldPair{
			{"Телефонный разговор с Президентом", "Readout of President"},
			{"Состоялся телефонный|подробно обсудили ситуацию вокруг Украины", "spoke about the need for peace|this conflict needs to end"},
			{"энергетической инфраструктуры|Черном море", "movement to peace"},
			{"обмен пленными", "175 prisoners"},
			{"нормализации", "improved bilateral relationship"},
		},
	},
	{
		name: "condolences-budapest",
		a: "Телефонный разговор с Президентом США\n\n" +
			"Владимир Путин провёл телефонный разговор с Президентом Соединённых Штатов Америки Дональдом Трампом.\n\n" +
			"Дональд Трамп выразил соболезнования в связи с гибелью людей в результате теракта в Подмосковье.\n\n" +
			"Собеседники обменялись мнениями о ходе подготовки встречи в Будапеште. " +
			"Условлено, что делегации двух стран проведут консультации в ближайшее время.\n\n" +
			"Затронута также тема санкций: российская сторона подчеркнула, что санкционное давление не изменит позицию России.\n\n" +
			"Владимир Путин проинформировал о ситуации на линии боевого соприкосновения.",
		b: "President Trump's Call with President Putin\n\n" +
			"President Trump spoke by phone with President Putin this morning. The call lasted about forty minutes.\n\n" +
			"President Trump offered his condolences to the Russian people for the victims of the terrorist attack near Moscow.\n\n" +
			"The Presidents discussed preparations for a possible meeting in Budapest. " +
			"Their delegations will hold consultations soon.\n\n" +
			"President Trump made clear that sanctions will remain in place until Russia agrees to a ceasefire.\n\n" +
			"President Trump also spoke about the importance of trade with India and China.",
		pairs: []goldPair{
			{"Телефонный разговор с Президентом США", "President Trump's Call with"},
			{"провёл телефонный разговор", "spoke by phone"},
			{"соболезнования", "condolences"},
			{"встречи в Будапеште", "meeting in Budapest"},
			{"делегации двух стран", "Their delegations"},
			{"тема санкций", "sanctions will remain"},
		},
	},
}
