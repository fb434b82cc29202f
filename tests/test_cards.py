"""Card generation on the sample and on fixtures written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import BUNDLED, ROOT

from studyapp.cards.check import card_problems
from studyapp.cards.generate import all_cards, generate
from studyapp.cards.quiz import typed_answer_ok
from studyapp.cards.check import BLANK, duplicate_prompts
from studyapp.cards.questions import heading_question
from studyapp.takeaways import Section, Takeaway, TakeawaySet, load_yaml_set, read_set
from studyapp.takeaways.yaml_io import dump_yaml_set


@pytest.fixture(scope="module")
def sample():
    ts = read_set(BUNDLED)
    return ts, generate(ts)


def cards_of(notes, kind=None):
    return [c for c in all_cards(notes) if kind is None or c.kind == kind]


def test_takeaways_with_a_fact_get_a_card_and_sections_give_one_fact_cards(sample):
    ts, notes = sample
    refs = {n.ref for n in notes}
    with_fact = [t for t in ts.takeaways if any(ch.isdigit() for ch in t.text)]
    assert with_fact and all(t.id in refs for t in with_fact)
    assert sum(t.id in refs for t in ts.takeaways) >= 0.65 * len(ts.takeaways)  # the rest state no fact worth a card
    section_ids = {s.id for s in ts.sections}
    section_notes = [n for n in notes if n.ref in section_ids]
    assert len(section_notes) >= len(ts.sections) // 3  # most facts of the summary are asked in the takeaways
    assert all(n.kind == "cloze" for n in section_notes)  # never "X: what are the key points?" with an essay
    for card in all_cards(notes):
        assert len(card.answer.split()) <= 25 or card.key == "all", card.answer
        assert not card.prompt.endswith("what are the key points?")


def test_no_generated_card_fails_the_checker(sample):
    _, notes = sample
    cards = all_cards(notes)
    assert cards
    assert [(c.prompt, card_problems(c)) for c in cards if card_problems(c)] == []
    assert duplicate_prompts(cards) == set()
    assert len({c.id for c in cards}) == len(cards)


def test_four_principles_become_a_list_note(sample):
    _, notes = sample
    note = next(n for n in notes if n.kind == "list" and "Four MSL principles" in n.source.text)
    items = [c.answer for c in note.cards if c.key != "all"]
    # The first principle is asked by its own takeaway ("getting the lab to “[...]”"): one fact, one card.
    assert items == ["let technical voices be loudest", "demand scientific rigor on basics", "make big bets"]
    assert [c.answer for c in all_cards(notes)].count("take superintelligence seriously") == 1
    assert not any(c.key == "all" for c in note.cards)  # no card asks the whole list (graders kept 9 of 34)
    second = note.cards[0]
    assert second.prompt == ("Four MSL principles: take superintelligence seriously, [...], demand scientific rigor on "
                             "basics, and make big bets.")
    assert note.text.count("{{c") == 3  # one deletion per item asked


def test_names_are_blanked_not_topic_words(sample):
    ts, notes = sample
    clozes = cards_of(notes, "cloze")
    answers = {c.answer for c in clozes}
    for expected in ("Nat Friedman", "Daniel Gross", "Yann LeCun", "Assured Robot Intelligence (ARRI)",
                     "token efficiency", "Shengjia Zhao"):
        assert expected in answers
    for topic in ("Wang", "MSL", "Meta", "MuseSpark"):
        assert topic not in answers
    for common in ("acquired", "software", "umbrella", "arriving", "stack", "hires", "variants", "Wang expects",
                   "canonical example", "alive and kicking", "natural sequel", "Take", "four"):
        assert common not in answers
    assert not {"Vance", "Kylie Robinson", "India", "Palo Alto"} & answers  # asides and personal trivia


def test_every_occurrence_of_the_answer_is_blanked():
    ts = TakeawaySet(title="A Kitchen Story", takeaways=[
        Takeaway("Mira credits Halvorsen with the fermentation trick, and Halvorsen later patented it in 1998.")])
    card = next(c for c in all_cards(generate(ts)) if c.answer == "Halvorsen")
    assert card.prompt.count(BLANK) == 2 and "Halvorsen" not in card.prompt


def test_long_takeaway_is_clozed_one_sentence_at_a_time(sample):
    _, notes = sample
    token = next(c for c in cards_of(notes, "cloze") if c.answer == "token efficiency")
    assert token.prompt == "MuseSpark’s biggest external signal is [...]."
    assert token.context.startswith("On benchmarks like Artificial Analysis")
    lecun = next(c for c in cards_of(notes, "cloze") if c.answer == "Yann LeCun")
    assert lecun.prompt == "[...] publicly called Wang young and inexperienced."
    assert "LeCun congratulated him" in lecun.context


def test_no_card_asks_a_label_as_a_question(sample):
    """"What is Wang's main philosophical break with Elon Musk?" is the worked example of a good label question, but
    on posts the generator had not seen, blind graders kept 7 of 29 label questions (mostly HEAD and VAGUE: "What is
    the equilibrium line?" answered by a sentence about zones): the built-in generator asks none. The label stays the
    cue, never the answer."""
    _, notes = sample
    assert not cards_of(notes, "label")
    assert not any("philosophical break" == c.answer for c in all_cards(notes))


def test_section_clozes_ask_one_fact_from_one_sentence(sample):
    _, notes = sample
    organised = next(n for n in notes if n.source.section == "How MSL Is Actually Organized")
    answers = {c.answer for c in organised.cards}
    assert "Shengjia Zhao" in answers
    for card in organised.cards:
        assert len(card.prompt.split()) <= 45
    assert "{{c" in organised.text and len(organised.text) < len(organised.extra)  # Anki shows the sentence only
    nine = next(c for c in cards_of(notes, "cloze") if c.answer == "nine months")
    assert nine.prompt.startswith("MSL spent [...] rebuilding")


def test_multiple_choice_distractors_are_of_the_same_kind(sample):
    _, notes = sample
    friedman = next(c for c in cards_of(notes, "cloze") if c.answer == "Nat Friedman")
    assert friedman.category == "person" and len(friedman.choices) == 4 and "Nat Friedman" in friedman.choices
    people = {"Daniel Gross", "Yann LeCun", "Alex Wang", "Steve Jobs", "Sam Altman", "Elon Musk", "Dario Amodei",
              "Kylie Robinson", "John Carmack", "Ashley Vance", "Shengjia Zhao", "Mark Chen"}
    assert set(friedman.choices) - {"Nat Friedman"} <= people


def test_ids_are_stable_and_survive_edits_and_reordering(sample):
    ts, notes = sample
    again = generate(read_set(BUNDLED))
    assert [c.id for c in all_cards(again)] == [c.id for c in all_cards(notes)]
    edited = load_yaml_set(dump_yaml_set(ts).replace("religious conviction", "religous conviction"), "e.yaml")
    edited.takeaways.reverse()
    after = generate(edited)
    before_notes = {n.id for n in notes}
    after_notes = {n.id for n in after}
    assert before_notes == after_notes
    changed = [n for n in after if n.ref == ts.takeaways[2].id and n.kind == "cloze"][0]
    assert "religous" in changed.extra


def test_number_blanks_and_number_distractors():
    ts = TakeawaySet(title="Rebuilding a Lab", takeaways=[
        Takeaway("The team spent nine months rebuilding the training stack before the first release."),
        Takeaway("Each researcher had 16 GPUs, four times the industry norm at the time."),
    ])
    cards = all_cards(generate(ts))
    nine = next(c for c in cards if c.answer == "nine months")
    assert nine.prompt == "The team spent [...] rebuilding the training stack before the first release."
    assert nine.category == "number" and len(nine.choices) == 4
    assert all(choice.endswith("months") for choice in nine.choices)


def test_fixture_post_quality():
    ts = TakeawaySet(title="Mira Okafor on Quiet Batteries", takeaways=[
        Takeaway("Sodium cells from Okafor's lab lasted 11 years in the Atacama test field."),
        Takeaway("Three cooling methods the lab compared: sand beds, water jackets, and forced air."),
        Takeaway(label="Okafor's heat budget rule", text="every ten degrees of heat halves the life of a cell."),
        Takeaway("The lab licenses its cell design to Norsk Volt, a Norwegian maker of grid storage."),
    ], sections=[Section("Why Okafor Chose Sodium", ["Okafor chose sodium because it is cheap and abundant. "
                                                     "Lithium prices tripled during her first year of research."])])
    notes = generate(ts)
    cards = all_cards(notes)
    assert all(not card_problems(c) for c in cards)
    answers = {c.answer for c in cards}
    assert "Atacama" in answers and "Norsk Volt" in answers
    listed = [c.answer for c in cards if c.kind == "list"]
    assert listed == ["sand beds", "water jackets", "forced air"]
    assert "11 years" in answers and "ten degrees" in answers


@pytest.mark.parametrize("heading,question", [
    ("Why Wang Left Scale", "Why did Wang leave Scale?"),
    ("How the Lab Is Organized", "How is the lab organized?"),
    ("Where Okafor Disagrees With Her Funders", "Where does Okafor disagree with her funders?"),
    ("Token Efficiency Was the Surprise", "What was the surprise?"),
])
def test_heading_questions(heading, question):
    evidence = "Wang left Scale. Okafor spoke. Token efficiency was a surprise to the lab and her funders."
    assert heading_question(heading, evidence) == question


@pytest.mark.parametrize("expected,given,ok", [
    ("Nat Friedman", "nat friedman", True), ("Nat Friedman", "Nat Freidman", True), ("nine months", "9 months", True),
    ("Assured Robot Intelligence (ARRI)", "assured robot intelligence arri", True), ("soup", "soap", False),
    ("nine months", "ten months", False), ("Atacama", "the Atacama", True), ("16-agent", "17-agent", False),
    ("token efficiency", "", False), ("José Núñez", "Jose Nunez", True),
])
def test_typed_answers_are_checked_leniently(expected, given, ok):
    assert typed_answer_ok(expected, given) is ok


def test_hostile_text_is_just_text():
    ts = TakeawaySet(title="Hostile", takeaways=[
        Takeaway("The <script>alert(1)</script> tag stays {{c1::literal}} text in all 2,400 browsers Mallory Quinn "
                 "tested."),
    ])
    cards = all_cards(generate(ts))
    assert cards and all("<script>" in c.source.text for c in cards)


def test_cards_cli_json():
    result = subprocess.run([sys.executable, "-m", "studyapp", "cards", str(BUNDLED), "--json"], capture_output=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data and {"id", "note_id", "kind", "prompt", "answer", "source"} <= set(data[0])
    assert {d["kind"] for d in data} == {"cloze", "list"}


def test_cards_cli_bad_input(tmp_path):
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "studyapp", "cards", str(path)], capture_output=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 2 and result.stderr.decode().count("\n") == 1


def test_a_lone_adjective_on_a_plain_noun_is_not_blanked(sample):
    _, notes = sample
    answers = {c.answer for c in cards_of(notes, "cloze")}
    assert "canonical" not in answers  # "the [...] example of personal super intelligence hardware"
    assert "canonical example" not in answers and "primary activity" not in answers  # description, not a term


def test_first_names_cache_answers_as_gender_guesser_does(tmp_path, monkeypatch):
    """The cached first-name list gives exactly the library's answers, is reused from disk, and a damaged cache
    file falls back to the library."""
    import gender_guesser.detector as gd

    from studyapp.cards import first_names
    detector = gd.Detector(case_sensitive=False)
    words = ["Mira", "ada", "TOMAS", "Nat", "Alexandr", "Mark", "Paris", "Meta", "the", "Zorblat", "Jean-Luc",
             "José", "Andrea", "Kim", "Scale", "Sam"] + sorted(detector.names)[::997]
    expected = {w: detector.get_gender(w) in first_names.GENDERED for w in words}
    monkeypatch.setenv("STUDYAPP_CACHE", str(tmp_path))
    for attempt in ("build", "from disk", "damaged"):
        first_names.first_names.cache_clear()
        if attempt == "damaged":
            next(tmp_path.glob("first-names-*.json")).write_text("{not json", encoding="utf-8")
        assert {w: first_names.is_first_name(w) for w in words} == expected, attempt
        assert len(list(tmp_path.glob("first-names-*.json"))) == 1
    assert expected["Mira"] and expected["Mark"] and not expected["Zorblat"]
    assert first_names.gender("Mira") == "f" and first_names.gender("MARK") == "m" and first_names.gender("Zorblat") is None
    next(tmp_path.glob("first-names-*.json")).write_text('["mira"]', encoding="utf-8")  # a list, as written
    first_names.first_names.cache_clear()  # before genders were kept: rebuilt
    assert first_names.gender("Mark") == "m"
    first_names.first_names.cache_clear()


def test_nested_details_are_asked_with_their_takeaway():
    """Sub-points (nested bullets) are the takeaway's details: their facts get cards in the takeaway's note, and a
    detail that leans on the takeaway gets it as its antecedent."""
    ts = TakeawaySet(title="Sleep and Memory", takeaways=[
        Takeaway("Memory replay happens in deep slow-wave sleep.", items=[
            "Students who slept after learning word pairs recalled 20 percent more the next morning.",
            "Those who stayed awake for the same 12 hours lost most of that advantage."])])
    notes = generate(ts)
    cards = all_cards(notes)
    assert {c.answer for c in cards} >= {"20 percent"}
    assert all(n.ref == ts.takeaways[0].id for n in notes)
    assert all("Students who slept" in n.extra for n in notes if n.kind == "cloze")
    awake = [c for c in cards if "stayed awake" in c.prompt]
    assert all(c.prompt.startswith("Memory replay happens in deep slow-wave sleep. Students who slept")
               for c in awake)  # "Those" gets its sentence, after the takeaway every sub-point's card opens with


def test_a_when_a_rank_or_a_ratio_is_one_answer():
    from studyapp.cards.spans import find_candidates
    spans = {s.text: s.flags for s in find_candidates(
        "The treaty entered into force on 4 March 2019 and ranks 12th of 30 in scope.")}
    assert "4 March 2019" in spans and "date" in spans["4 March 2019"]
    assert "12th" in spans
    assert "200 to 1" in {s.text for s in find_candidates("Bees outnumber wasps by about 200 to 1 in the hive.")}
    year = {s.text: s.flags for s in find_candidates("The decline that began in 2016 has not reversed.")}
    assert "event" in year["2016"]


def test_a_takeaway_with_nothing_above_the_bar_gets_its_best_lesser_blank():
    """A takeaway whose only facts are a when or an undefined term gets one card rather than none; a place or a
    common name is never such a last resort."""
    ts = TakeawaySet(title="The Harbour Report", takeaways=[
        Takeaway("The harbour levy came into force in May 2021 after long talks with the unions."),
        Takeaway("A new port office opens in Lisbon next spring."),
        Takeaway("Insurers now price flood cover by the storm surge height of each quay."),
    ])
    notes = generate(ts, select=False)  # the generator's last resort; whether it is kept is the card model's call
    answers = {c.answer: c for c in all_cards(notes)}
    assert "May 2021" in answers and answers["May 2021"].choices == []  # no month-shifted dates as options
    assert "Lisbon" not in answers
    assert any("surge" in a for a in answers)
    assert not card_problems(answers["May 2021"])


def test_number_options_put_the_answer_anywhere_and_stay_possible():
    from studyapp.cards.quiz import DistractorPool, choose_distractors
    positions = set()
    for seed in range(40):
        options = choose_distractors("7.6 billion dollars", "number", DistractorPool([]), "wrote off [...] of it", seed)
        values = sorted([7.6] + [float(o.split()[0]) for o in options])
        positions.add(values.index(7.6))
        assert all(o.endswith("billion dollars") for o in options)
    assert positions == {0, 1, 2, 3}  # never always in the middle, where it would stand out
    ranks = choose_distractors("36th", "number", DistractorPool([]), "fell to [...] of 47 regions", 5)
    assert len(ranks) == 3 and all(int(r[:-2]) <= 47 and r[-2:] in ("st", "nd", "rd", "th") for r in ranks)
    assert all(r[-2:] == "th" or r[-3] != "1" for r in ranks)


def test_a_shared_unit_does_not_count_as_the_answer_given_away():
    ts = TakeawaySet(title="Tipping", takeaways=[
        Takeaway("The customary tip rose from about 10 percent in the 1950s to 18 percent today.")])
    answers = {c.answer for c in all_cards(generate(ts))}
    assert answers & {"10 percent", "18 percent"}


def test_back_references_and_openers():
    """"estimates that workers…" opens a clause and points back at nothing; "The same study…" at the start does;
    "He" after a sentence naming one person is that person; a common noun opening a sentence can be a term."""
    from studyapp.cards.check import refers_back
    assert not refers_back("Newport estimates that knowledge workers spend most of the week on email.")
    assert not refers_back("The field has cycled the same cells for 11 years.")
    assert refers_back("The same study measured a rise in noradrenaline.")
    assert refers_back("It can speed up that drop by a year.")
    ts = TakeawaySet(title="Notes on Focus", takeaways=[
        Takeaway("Cal Newport defines focus as effort without distraction. He estimates that office workers lose "
                 "over 60 percent of their week to email and meetings."),
        Takeaway("Rye flour feeds a sourdough starter faster than white wheat because it carries more enzymes.")])
    cards = {c.answer: c for c in all_cards(generate(ts))}
    assert cards["60 percent"].prompt.startswith("Newport estimates that")
    from studyapp.cards.spans import find_candidates
    assert "Rye flour" in {s.text for s in find_candidates(ts.takeaways[1].text)}
    assert "Apple" not in {s.text for s in find_candidates("Apple sells more phones in autumn.") if s.kind == "term"}


def test_units_genera_and_plausible_options():
    from studyapp.cards.quiz import number_variants
    from studyapp.cards.spans import find_candidates
    assert "Saccharomyces" not in {s.text for s in find_candidates(
        "Most bakers rely on Saccharomyces cerevisiae for the rise.")}
    assert all("–" in v for v in number_variants("15–20 percent"))  # the answer's own dash
    assert all(abs(int(v) - 1500) >= 50 for v in number_variants("1500"))  # "around 1500" is no test of 1497
    assert all(15 <= int(v.split()[0]) <= 45 for v in number_variants("30 °C"))  # degrees move, not double
    ts = TakeawaySet(title="Microplastics", takeaways=[
        Takeaway("Samples held on average 1.8 particles per cubic metre of surface water near the estuary mouth.")])
    assert not any(c.answer.startswith("cubic") for c in all_cards(generate(ts)))


def test_numbers_in_other_languages_keep_their_unit_and_are_blanked_whole():
    from studyapp.cards.spans import find_candidates
    from studyapp.cards.text import replace_whole
    assert "60 Prozent" in {s.text for s in find_candidates("Rund 60 Prozent der Partikel waren Fasern.")}
    assert "40 por ciento" in {s.text for s in find_candidates("El 40 por ciento de los hogares usa gas.")}
    assert replace_whole("kostet 0,2 Prozent, dagegen 2 Prozent.", "2 Prozent", lambda o: BLANK) == \
        f"kostet 0,2 Prozent, dagegen {BLANK}."


def test_fresh_grading_failures_are_refused():
    """Failure classes from the blind grading of posts nobody had seen (2026-11-30), each on a sentence of ours."""
    from studyapp.cards.check import opens_with_reference
    from studyapp.cards.giveaways import expansion_beside_blank
    from studyapp.cards.lists import find_enumeration
    from studyapp.cards.questions import label_question
    from studyapp.cards.quiz import number_variants
    from studyapp.cards.spans import categorise_name, find_candidates
    from studyapp.cards.text import split_sentences
    assert not opens_with_reference("He Jiankui was sentenced to three years in prison.")  # a name, not "he"
    assert opens_with_reference("Elle est inaugurée en juillet 1900.")
    assert expansion_beside_blank("REM", f"{BLANK} (rapid eye movement) sleep returns every 90 minutes.")
    assert not expansion_beside_blank("MSL", f"Meta built {BLANK} in a year, then many skilled labs followed.")
    assert label_question("Don't crowd the pan") is None and label_question("Watch the basics") is None
    assert find_enumeration("Motivation matters less than you think: motivation fluctuates, but your kitchen, "
                            "your desk and your routine don't.") is None
    assert categorise_name("Liberty Loan") != "person" and categorise_name("Bill Gates") == "person"
    assert "Neill" not in {s.text for s in find_candidates("The review led by Jim O'Neill reported in 2016.")}
    assert split_sentences("Los fondos de EE. UU. rinden menos. Otro dato.")[0].endswith("menos.")
    assert not any(v.startswith(("one ", "One ")) for v in number_variants("two months"))
    ts = TakeawaySet(title="Basketball", takeaways=[
        Takeaway("The corner three sits 22 feet (6.7 m) from the rim, closer than the arc elsewhere.")])
    assert not any(c.answer == "6.7 m" for c in all_cards(generate(ts)))


def test_more_failures_from_the_fresh_grading():
    """Dangling subjects, hosts, examples inside quotations, complements and clock arithmetic (own sentences)."""
    from studyapp.cards.check import anaphoric_opener, refers_back
    from studyapp.cards.antecedents import _loose_pronoun
    from studyapp.cards.giveaways import _computable
    from studyapp.cards.spans import find_candidates
    assert anaphoric_opener("The idea was popularised by three researchers in 2015.")
    assert refers_back("Verplanken calls this the habit discontinuity hypothesis.")
    assert refers_back('Mast tracked these "migration chains" for a decade.')
    assert _loose_pronoun("For trained runners it sits at about 85 percent of VO2max.")
    assert _computable("70%", "leaderboards are about 30% signal and 70% marketing")
    assert _computable("6 hours", "a half-life of 6 hours, so half of a 3 p.m. coffee is left at 9 p.m.")
    inside = {s.text: s.flags for s in find_candidates(
        'Gollwitzer gives an example: "If it is 7 a.m. and I have poured my coffee, then I will write for 10 minutes."')}
    assert "example" in inside["10 minutes"]
    assert not any(s.text.startswith("one-") for s in find_candidates("Serving costs overtake the one-time bill."))
    ts = TakeawaySet(title="Why We Procrastinate", intro=["Host Kenji Sato talks with psychologist Mara Voss."],
                     takeaways=[Takeaway("Sato opens by asking why smart people delay easy tasks."),
                                Takeaway("Voss says procrastination is a way to escape a bad mood for 20 minutes."),
                                Takeaway("Voss says the cure is a first step under two minutes long.")])
    assert not {"Sato", "Voss", "Kenji Sato", "Mara Voss"} & {c.answer for c in all_cards(generate(ts))}


def test_he_is_the_person_of_the_sentence_before_before_the_guest():
    """"His idea" after a sentence about McLean is McLean's, even in a post that keeps quoting its guest."""
    ts = TakeawaySet(title="The Box", intro=["Historian Ana Kovač explains how the container changed trade."],
                     takeaways=[
                         Takeaway("Kovač says ports were the real bottleneck of 1950s trade."),
                         Takeaway("Kovač argues that the cost of loading fell by 90 percent within a decade."),
                         Takeaway("Malcom McLean ran a trucking firm in North Carolina. His idea was to lift whole "
                                  "trailer bodies onto ships, which he first tried in 1956 with 58 boxes.")])
    prompts = [c.prompt for c in all_cards(generate(ts))]
    assert not any(p.startswith("Kovač’s idea") or p.startswith("Kovač's idea") for p in prompts)


def test_a_title_that_runs_a_name_into_other_words_still_names_the_person():
    """"Bombshell: The Hedy Lamarr Story": "She" is Lamarr; a middle initial stays inside its name ("Louis B.
    Mayer" is one answer, never "Louis B. [...]"); an office before a name is the cue, not part of the answer; and
    the maker of a work ("Ada Brook's Portrait of …") is named only for what she says."""
    from studyapp.cards.spans import find_candidates
    ts = TakeawaySet(title="Starlight: The Hedy Lamarr Story", intro=["Notes on a film about Lamarr's two careers."],
                     takeaways=[Takeaway("She was born Hedwig Kiesler and grew up in the Döbling district of Vienna."),
                                Takeaway("Lamarr signed with MGM in 1937 after meeting the studio head on a liner."),
                                Takeaway("Lamarr and George Antheil patented frequency hopping in August 1942."),
                                Takeaway("Lamarr received the Pioneer Award in 1997, three years before her death.")])
    prompts = [c.prompt for c in all_cards(generate(ts))]
    assert any(p.startswith("Lamarr was born") for p in prompts), prompts
    assert not any(p.startswith("She ") for p in prompts)
    assert ("Louis B. Mayer", "person") in {(s.text, s.category) for s in find_candidates(
        "In London she met Louis B. Mayer on the liner.")}
    assert "Lyndon Johnson" in {s.text for s in find_candidates("He asked Vice President Lyndon Johnson to find a goal.")}
    assert "King James Bible" in {s.text for s in find_candidates("It quoted the King James Bible at length.")}
    assert "B. Zwischenziele" not in {s.text for s in find_candidates("Ziele setzen (z. B. Zwischenziele beim Lesen).")}
    from studyapp.cards.post_context import _context
    made = _context(TakeawaySet(title="Inside Ada Brook's Portrait of a Clockmaker", takeaways=[
        Takeaway("Brook visited the workshop in 2014."), Takeaway("Brook says the town never forgave him."),
        Takeaway("Brook returned to the town a year later.")]))
    assert made.speaker == "Brook" and made.author_speaker


def test_guests_ratios_sample_strings_and_acronym_expansions():
    from studyapp.cards.check import card_problems as problems
    from studyapp.cards.model import Card, CardSource
    from studyapp.cards.spans import find_candidates
    assert "1" not in {s.text for s in find_candidates("Tomás recommends about a 2:1 ratio of glucose to fructose.")}
    assert not any(s.kind == "quote" for s in find_candidates('Rotation just produces "Summer2024!" and worse.'))
    from studyapp.cards.spans import score_span
    sentence = 'She says "weaker" is the wrong word for it.'
    assert all(score_span(s, sentence, frozenset()) == 0 for s in find_candidates(sentence) if s.kind == "quote")
    source = CardSource(set_title="t", section="s", text="x")
    card = Card(id=1, note_id=1, kind="cloze", ord=1, key="cmp", prompt=f"Two firms ran it: the {BLANK} (Compagnie "
                "du chemin de fer métropolitain) and the Nord-Sud.", answer="CMP", back="b", context="", source=source)
    assert problems(card)
    ts = TakeawaySet(title="Baby Sleep", intro=["Our guest is Dr. Ama Osei, a paediatric sleep researcher."],
                     takeaways=[Takeaway("Dr. Osei said most babies sleep through the night by 9 months.")])
    assert "Osei" not in {c.answer for c in all_cards(generate(ts))}


def test_options_that_cannot_fit_the_slot_are_not_offered():
    """Set E's graders: one end of a range with the other in view takes no options ("[...] or six", "between 0.3 and
    [...]", "[...] to an hour"); a medieval year moves as a year, not to 3400; a price keeps its currency and a
    precise figure its decimals without round giveaways; the day alone of a date is no card."""
    from studyapp.cards.check import day_of_month
    from studyapp.cards.quiz import DistractorPool, choose_distractors, number_variants
    pool = DistractorPool([])
    assert choose_distractors("five", "number", pool, "Most people sleep about [...] or six cycles.", 1) == []
    assert choose_distractors("0.5 mm", "number", pool, "Adults are between 0.3 and [...] long.", 1) == []
    assert choose_distractors("45 minutes", "number", pool, "Let the dough rest [...] to an hour.", 1) == []
    years = choose_distractors("1291", "number", pool, "The league was founded in [...] near Lucerne.", 1)
    assert len(years) == 3 and all(1280 <= int(y) <= 1300 for y in years)
    assert all(v.startswith("$") and "$" not in v[1:] for v in number_variants("$0.40–0.90 per litre"))
    assert all(not v.split()[0].endswith(".00") for v in number_variants("2437.18 MHz"))
    assert day_of_month("14", "The bridge opened on [...] March 1891 in Perth.")
    assert day_of_month("3", "Le pont ouvre le [...] avril 1891.")
    assert not day_of_month("1891", "The bridge opened on 14 March [...] in Perth.")


def test_options_keep_years_in_order_percentages_possible_and_thousands_whole():
    """Set F's graders: "filed in [...] … granted in 1952" was offered 1954; "more than [...]" 100 percent; a range in
    thousands came out as "8000,000"; a name cut at "No." was offered as a person."""
    from studyapp.cards.quiz import DistractorPool, choose_distractors, number_variants
    pool = DistractorPool([("Remington No", "person"), ("Ada Byron", "person"), ("Tom Kent", "person"),
                           ("Lee Shaw", "person")])
    years = choose_distractors("1949", "number", pool, "The patent was filed in [...] and granted in 1952.", 7)
    assert len(years) == 3 and all(int(y) < 1952 for y in years)
    shares = choose_distractors("80 percent", "number", pool, "By 1950 more than [...] of homes had one.", 7)
    assert shares and all(80 < float(s.split()[0]) < 100 for s in shares)
    assert all("," in v.split("–")[1] and not v.split("–")[1].startswith(("8000", "32000"))
               for v in number_variants("15,000–16,000 hair cells"))
    assert "Remington No" not in choose_distractors("Sholes", "person", pool, "[...] sold his rights.", 7)


def test_a_coined_term_is_asked_from_its_definition_and_a_plain_label_is_not():
    """Set AB (session 13, own sentences): "Iatrogenics: Harm caused by the healer." had no card (a label is never
    a cloze's blank); a rare label whose first sentence defines it without naming it is asked for. Plain labels,
    clauses, names, stories and definitions that hold the term are not."""
    ts = TakeawaySet(title="Notes on Fragility", takeaways=[
        Takeaway("Harm done by the one who tries to help, as when a cure hurts more than the illness.",
                 label="Iatrogenics"),
        Takeaway("It is often wiser to improve a system by removing things than by adding new ones.",
                 label="Via negativa"),
        Takeaway("A spectrum from fragile to robust to antifragile runs through the whole book.", label="The triad"),
        Takeaway("An option lets you keep the upside and drop the downside.", label="Optionality"),
        Takeaway("In 1961 she walked across the border at night.", label="Defection"),
        Takeaway("Goodyear found in 1839 that sulphur made rubber stable.", label="Vulcanization changed everything"),
        Takeaway("Start with the smallest possible step to get moving.", label="Procrastination")])
    asked = {c.answer: c.prompt for c in all_cards(generate(ts)) if c.kind == "label"}
    assert asked == {"Iatrogenics": "Name the term: “Harm done by the one who tries to help, as when a cure hurts more "
                                    "than the illness.”",
                     "Via negativa": "Name the term: “It is often wiser to improve a system by removing things than "
                                     "by adding new ones.”"}
