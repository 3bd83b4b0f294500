"""Table tests for extractor.magnitudes: amounts, units and kinds in trade-news sentences."""

import pytest

from extractor.magnitudes import MagnitudeMention, find_magnitudes, parse_amount

PCT, PP = "percent", "percentage_point"

# (sentence, expected [(value, unit, kind), ...] in text order)
FIND_CASES = [
    # --- percent spellings, kind rate
    ("Washington slapped a 25% tariff on imported steel.", [(25.0, PCT, "rate")]),
    ("The levy stands at 25 percent.", [(25.0, PCT, "rate")]),
    ("Ottawa set the surtax at 25 per cent on Monday.", [(25.0, PCT, "rate")]),
    ("Tokyo will impose a duty of 10 pct on the parts.", [(10.0, PCT, "rate")]),
    ("Officials floated a twenty-five percent levy on lumber.", [(25.0, PCT, "rate")]),
    ("The White House confirmed a 25-percent tariff on trucks.", [(25.0, PCT, "rate")]),
    ("London raised the import charge to 12.5 per-cent.", [(12.5, PCT, "rate")]),
    ("Canberra announced a 15pc duty on Chinese steel wire.", [(15.0, PCT, "rate")]),
    ("Beijing imposed an additional 10% tariff on U.S. crude oil.", [(10.0, PCT, "rate")]),
    ("Brussels set countervailing duties of up to 35.3% on Chinese EVs.", [(35.3, PCT, "rate")]),
    ("Tariffs of 100% on electric vehicles took effect on Friday.", [(100.0, PCT, "rate")]),
    ("Beijing said the 15% levy on coal would stay in place.", [(15.0, PCT, "rate")]),
    ("The tariff rate jumped to 145% after the announcement.", [(145.0, PCT, "rate")]),
    ("The rate was increased to 30% under the new decree.", [(30.0, PCT, "rate")]),
    # --- previous rate and rate
    ("The U.S. raised tariffs on Chinese goods from 10% to 20%.",
     [(10.0, PCT, "previous_rate"), (20.0, PCT, "rate")]),
    ("The duty will rise to 35% from 25% on March 1.",
     [(35.0, PCT, "rate"), (25.0, PCT, "previous_rate")]),
    ("India cut the export tax on rice from 20 to 10 percent.",
     [(20.0, PCT, "previous_rate"), (10.0, PCT, "rate")]),
    # --- doubling and tripling give a derived previous rate
    ("Washington doubled the steel tariff to 50% in June.",
     [(50.0, PCT, "rate"), (25.0, PCT, "previous_rate")]),
    ("The levy on Chinese solar cells was tripled to 75%.",
     [(75.0, PCT, "rate"), (25.0, PCT, "previous_rate")]),
    ("Washington doubled the duty from 25% to 50%.",
     [(25.0, PCT, "previous_rate"), (50.0, PCT, "rate")]),
    # --- changes
    ("Washington agreed to lower its duties on Chinese goods by 10 percentage points.",
     [(10.0, PP, "change")]),
    ("Seoul raised the safeguard duty by 10 points.", [(10.0, PP, "change")]),
    ("The tariff was hiked by 5 ppt last week.", [(5.0, PP, "change")]),
    ("Jakarta cut the export levy by 2 pp.", [(2.0, PP, "change")]),
    ("Ministers cut duties by ten percentage points.", [(10.0, PP, "change")]),
    ("The duty was trimmed by 50 basis points.", [(0.5, PP, "change")]),
    ("Officials pledged a 10-percentage-point cut in duties.", [(10.0, PP, "change")]),
    ("Beijing raised tariffs by an additional 10 percentage points.", [(10.0, PP, "change")]),
    ("The ministry cut the 2025 export quota by 10%.", [(10.0, PCT, "change")]),
    ("The two sides agreed to cut tariffs by half.", [(50.0, PCT, "change")]),
    ("Washington will halve the levy on Mexican tomatoes.", [(50.0, PCT, "change")]),
    ("The duty was lowered by half a percentage point.", [(0.5, PP, "change")]),
    # --- ranges
    ("Brussels imposed duties ranging from 15% to 50% on the wire.",
     [(15.0, PCT, "rate"), (50.0, PCT, "rate")]),
    ("The new duties will be between 10 and 25 percent.",
     [(10.0, PCT, "rate"), (25.0, PCT, "rate")]),
    ("Exporters face a 10-25% tariff on the goods.", [(10.0, PCT, "rate"), (25.0, PCT, "rate")]),
    ("Importers will pay 10% to 25% depending on origin.",
     [(10.0, PCT, "rate"), (25.0, PCT, "rate")]),
    ("Brussels wants to cut the levy by 10-15 percentage points.",
     [(10.0, PP, "change"), (15.0, PP, "change")]),
    ("The tariffs will hit between 1.5 and 2 billion dollars of trade.",
     [(1500000000.0, "USD", "coverage"), (2000000000.0, "USD", "coverage")]),
    ("The duties cover $10 to $15 billion of goods.",
     [(10000000000.0, "USD", "coverage"), (15000000000.0, "USD", "coverage")]),
    ("Beijing set quotas of 30,000 to 40,000 tonnes.",
     [(30000.0, "tonne", "quota"), (40000.0, "tonne", "quota")]),
    # --- currencies, coverage
    ("The tariffs apply to $300 billion of Chinese goods.", [(300000000000.0, "USD", "coverage")]),
    ("The levy covers US$1.2 bln worth of imports.", [(1200000000.0, "USD", "coverage")]),
    ("The curbs affect 300 mln dlrs of annual exports.", [(300000000.0, "USD", "coverage")]),
    ("The EU targeted €2.4 billion of American products.", [(2400000000.0, "EUR", "coverage")]),
    ("The measure hits EUR 5 million of steel trade.", [(5000000.0, "EUR", "coverage")]),
    ("The probe covers 1.5 bln yuan of imports.", [(1500000000.0, "CNY", "coverage")]),
    ("Shipments worth 1.5 billion yuan were halted.", [(1500000000.0, "CNY", "coverage")]),
    ("Beijing listed Rmb 2 billion of U.S. farm goods.", [(2000000000.0, "CNY", "coverage")]),
    ("Tokyo said ¥3 trillion of exports could be hit.", [(3000000000000.0, "JPY", "coverage")]),
    ("The curbs threaten 3 trillion yen of exports.", [(3000000000000.0, "JPY", "coverage")]),
    ("London said £1bn of trade would be affected.", [(1000000000.0, "GBP", "coverage")]),
    ("The tariffs cover $50bn of Chinese imports.", [(50000000000.0, "USD", "coverage")]),
    ("New Delhi approved Rs 500 crore of duty relief.", [(5000000000.0, "INR", "coverage")]),
    ("Ottawa imposed a 100% surtax on Chinese EVs, worth C$2.2 billion a year.",
     [(100.0, PCT, "rate"), (2200000000.0, "CAD", "coverage")]),
    ("Washington put a 25% tariff on $34 billion of Chinese goods.",
     [(25.0, PCT, "rate"), (34000000000.0, "USD", "coverage")]),
    ("The anti-dumping duty is 2,000 dollars per tonne.", [(2000.0, "USD", "rate")]),
    # --- tonnes, quota and coverage
    ("Beijing set an export quota of 40,000 tonnes for the metal.", [(40000.0, "tonne", "quota")]),
    ("Jakarta capped nickel ore exports at 1.2 million tons.", [(1200000.0, "tonne", "quota")]),
    ("The 270,000 tonnes mining quota was cut.", [(270000.0, "tonne", "quota")]),
    ("Beijing raised the mining quota to 270,000 tonnes from 240,000 tonnes.",
     [(270000.0, "tonne", "quota"), (240000.0, "tonne", "quota")]),
    ("The ban covers 40,000 metric tons of graphite shipments.", [(40000.0, "tonne", "coverage")]),
    ("Exporters must apply for licences above 500 kg of gallium.", [(0.5, "tonne", "coverage")]),
    ("The curbs affect 1.2 mln tonnes of annual rice sales.", [(1200000.0, "tonne", "coverage")]),
    # --- counts of listed companies (digits only)
    ("Commerce added 140 Chinese entities to the Entity List.", [(140.0, "unit", "coverage")]),
    ("The list now covers 1,200 tariff lines.", [(1200.0, "unit", "coverage")]),
    # --- market shares, statistics and price moves: kind other
    ("China accounts for 90% of global gallium supply.", [(90.0, PCT, "other")]),
    ("The country produces about 90 percent of the world's refined output.",
     [(90.0, PCT, "other")]),
    ("Chinese firms hold a 60% share of the graphite market.", [(60.0, PCT, "other")]),
    ("Shares of the miner fell 5% on the news.", [(5.0, PCT, "other")]),
    ("Prices of the metal rose 12 percent in a week.", [(12.0, PCT, "other")]),
    ("Exports dropped 20% year on year in October.", [(20.0, PCT, "other")]),
    ("The economy posted growth of 3% last quarter.", [(3.0, PCT, "other")]),
    ("Rare earth exports fell to 3,000 tonnes in October.", [(3000.0, "tonne", "other")]),
    ("Stocks of magnet makers rose as much as 10% after the tariff news.", [(10.0, PCT, "other")]),
    ("Beijing imposed a 15% tariff, and shares of U.S. exporters fell 4%.",
     [(15.0, PCT, "rate"), (4.0, PCT, "other")]),
    ("China's share of global magnet output is around 90%.", [(90.0, PCT, "other")]),
    ("The yuan weakened 0.3% against the dollar after the tariff news.", [(0.3, PCT, "other")]),
    ("Customs revenue from the tariff rose 20% in October.", [(20.0, PCT, "other")]),
    ("The tariffs, which rose to 145% in April, were cut to 30% in May.",
     [(145.0, PCT, "rate"), (30.0, PCT, "rate")]),
    ("The levy, equal to 25 per cent of the vehicle's value, applies from April 3.",
     [(25.0, PCT, "rate")]),
    # --- no magnitudes: years, dates, section numbers, durations, ordinals
    ("The Section 232 investigation opened in 2025.", []),
    ("The Section 301 tariffs were first imposed on Nov. 10, 2018.", []),
    ("The suspension lasts 90 days, until the 10th of February.", []),
    ("Both sides held a 12th round of talks in 2024 on a 20-point plan.", []),
    ("The pause was extended for another 90 days on Dec. 1.", []),
    ("One point of contention remains the 2026 deadline.", []),
]

PARSE_CASES = [
    ("300 mln dlrs", (300000000.0, "USD")),
    ("10 pct", (10.0, PCT)),
    ("1.2 bln dlrs", (1200000000.0, "USD")),
    ("1.5 bln yuan", (1500000000.0, "CNY")),
    ("US$1.2 bln", (1200000000.0, "USD")),
    ("€2.4 billion", (2400000000.0, "EUR")),
    ("10 percentage points", (10.0, PP)),
    ("40,000 tonnes", (40000.0, "tonne")),
    ("500 kg", (0.5, "tonne")),
    ("25%", (25.0, PCT)),
    ("£1bn", (1000000000.0, "GBP")),
    ("2025", None),
    ("90 days", None),
    ("Section 232", None),
    ("the tariff of 10 pct", None),
]


def _triples(mentions: list[MagnitudeMention]) -> list[tuple[float, str, str]]:
    return [(m.value, m.unit, m.kind) for m in mentions]


@pytest.mark.parametrize("sentence, expected", FIND_CASES)
def test_find_magnitudes(sentence, expected):
    assert _triples(find_magnitudes(sentence)) == expected


@pytest.mark.parametrize("written, expected", PARSE_CASES)
def test_parse_amount(written, expected):
    assert parse_amount(written) == expected


@pytest.mark.parametrize("sentence", [case[0] for case in FIND_CASES])
def test_mention_text_matches_offsets(sentence):
    for mention in find_magnitudes(sentence):
        assert mention.text == sentence[mention.start:mention.end]
        assert mention.text.strip() == mention.text != ""


def test_mentions_come_in_text_order():
    sentence = "The duty rose to 35% from 25% on $18 bln of imports and 40,000 tonnes of ore."
    starts = [m.start for m in find_magnitudes(sentence)]
    assert starts == sorted(starts) and len(starts) == 4


def test_scaled_values_have_no_float_noise():
    sentence = "quotas of 1.2 bln dlrs, 0.3 mln tonnes, 2.4 bn euros"
    values = [m.value for m in find_magnitudes(sentence)]
    assert values == [1200000000.0, 300000.0, 2400000000.0]


def test_range_start_takes_the_written_span():
    sentence = "The duties will be between 10 and 25 percent."
    low, high = find_magnitudes(sentence)
    assert (low.text, high.text) == ("10", "25 percent")
