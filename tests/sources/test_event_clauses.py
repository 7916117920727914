"""Events only where a clause states one (issue 22, item 3).

Every expected value is what the written annotation rules (docs/read.md, "Events: annotation
rules") give for the sentence, worked out by hand; the first three sentences are the op-ed's
(corpus/why-china-russia-stick-together.txt) that the old coder turned into invented events.
COW codes: China 710, Russia 365, United States 2, Japan 740, Ukraine 369, Iraq 645, Iran 630,
Egypt 651, Israel 666, North Korea 731, Poland 290.
"""

from __future__ import annotations

import datetime as dt

import pytest

from multipolar import states
from multipolar.sources.text.clauses import split_clauses
from multipolar.sources.text.coder import EXPORT_CONFIDENCE, Coder, Sentence
from multipolar.sources.text.reader import lexicon
from multipolar.sources.text.roles import category

DATE = dt.date(2022, 11, 1)


@pytest.fixture(scope="module")
def lex(shared_data):
    return lexicon(states)


def _events(lex, text, *, speaker=None):
    s = Sentence(0, 0, len(text), text)
    Coder(lex, states, date=DATE, speaker=speaker).code_sentence(s)
    return [
        (e["source"]["ccode"], e["target"]["ccode"] if e["target"] else None, e["category"])
        for e in s.events
    ], s.events


@pytest.mark.parametrize(
    "text",
    [
        # a participle in a relative clause whose antecedent is not a state (rule 3-4)
        "One such is the US’ own Cold War-era attitude toward Beijing’s peaceful progress, "
        "which has greatly harmed the US.",
        # a gerund inside a noun phrase (rule 4)
        "In addition, China and Russia have a history of working together to defend true "
        "multilateralism and its principles in the face of shifting global trends.",
        # a hyphenated adjective and nominalisations (rule 4)
        "This includes ongoing provocations by the US-led military in the Taiwan Strait and the "
        "purposeful weakening of the Asia-Pacific region’s peace by testing sovereign redlines.",
        # negation (rule 6), a modal (rule 4), a hope (rule 4), a question, a condition
        "China did not agree to meet Japan.",
        "Russia should support China.",
        "We hope that China will meet Japan.",
        "Will China attack Japan?",
        "If Russia attacks Ukraine, the United States will respond.",
        # Russia's 2022 General Debate speech (RUS_77_2022.txt): a compound subject with a verb
        # that is not reciprocal, a comma that begins no list, actors after a preposition
        "Defying elementary common sense, Washington and Brussels have compounded the "
        "situation by declaring an economic war against Russia.",
        "In a continuation of its policy of bringing NATO’s military infrastructure close to "
        "the borders of Russia, the United States now wants to subjugate Asia.",
        "Indeed, the problems that representatives have encountered in obtaining visas for "
        "international events in New York, Geneva, Vienna and Paris also constitute attempts "
        "to eliminate competition.",
    ],
)
def test_no_event_where_no_clause_states_one(lex, text):
    assert _events(lex, text)[0] == []


@pytest.mark.parametrize(
    ("text", "speaker", "expected"),
    [
        ("China agreed to meet Japan.", None, [(710, 740, "AGREE")]),
        # a weak code yields to a stronger one in the same clause: one event, ASSAULT
        ("Russia criticised and attacked Ukraine.", None, [(365, 369, "ASSAULT")]),
        ("Japan condemned North Korea for the missile launch.", None, [(740, 731, "ACCUSE")]),
        # passive: the agent after "by" is the source
        ("Iraq was attacked by Iran.", None, [(630, 645, "ASSAULT")]),
        # "we" is the speaker; one event for the clause (ACCUSE is stronger than SUPPORT)
        ("We strongly condemn Israel and thank Egypt.", 651, [(651, 666, "ACCUSE")]),
        # a compound subject with a symmetric verb and no target: both ways
        ("Moscow and Beijing agreed to share more legislative expertise.", None,
         [(365, 710, "AGREE"), (710, 365, "AGREE")]),
        # the target of a demand is the that-clause's subject
        ("China on Tuesday demanded that the US cancel its plans.", None,
         [(710, 2, "REQUEST")]),
    ],
)  # fmt: skip
def test_one_event_per_clause_between_subject_and_object(lex, text, speaker, expected):
    got, events = _events(lex, text, speaker=speaker)
    assert sorted(got) == expected
    assert all(0.1 <= e["confidence"] <= 0.9 for e in events)
    assert all(e["coder_version"] and "doc_sha256" in e for e in events)


@pytest.mark.parametrize(
    ("text", "dyad"),
    [
        # rule 2: "it" right after a verb of saying is that verb's subject (Uganda 500, UK 200)
        ("Uganda said on Sunday it had paid compensation to Britain.", (500, 200)),
        # "continued to send": the infinitive is asserted, its subject is that of "continued"
        ("The United States continued to send arms to Pakistan.", (2, 770)),
    ],
)
def test_subjects_reached_through_a_pronoun_or_an_aspect_verb(lex, text, dyad):
    got, _ = _events(lex, text)
    assert [(a, b) for a, b, _ in got] == [dyad]


def test_confidence_is_lower_for_a_distant_target(lex):
    near = _events(lex, "Japan condemned North Korea.")[1]
    far = _events(lex, "Japan condemned the actions of North Korea.")[1]
    assert near[0]["confidence"] == 0.9  # subject before the verb, object right after it
    assert far[0]["confidence"] == 0.7  # reached over a noun and "of": 0.9 - 0.2
    assert EXPORT_CONFIDENCE == 0.7


def test_categories_follow_the_written_rules():
    # rule 5: statements none, appeals REQUEST, signing AGREE; else CAMEO2PLOVER, else the root
    assert category("010", {}) is None
    assert category("020", {}) == "REQUEST"
    assert category("057", {"057": "SUPPORT"}) == "AGREE"
    assert category("190", {}) == "ASSAULT"


def test_clauses_split_at_subordinators_and_keep_lists():
    keys = [
        "WE",
        "THANK",
        "CHINA",
        ",",
        "RUSSIA",
        "AND",
        "INDIA",
        ",",
        "WHICH",
        "HELPED",
        "US",
        ".",
    ]
    lower = [k in ("THANK", "AND", "WHICH", "HELPED") for k in keys]
    cl = split_clauses(keys, lower, {2, 4, 6})
    assert [(c.lo, c.kind) for c in cl] == [(0, "main"), (8, "rel")]


def test_a_reciprocal_verb_and_an_agent_of_a_state_still_give_events(lex):
    # rule 1 (reciprocal pairs) and "the delegation of X" as X: by hand, China 710 <-> Russia
    # 365 AGREE both ways; Brazil 140 -> Colombia 100 (thanked: CAMEO 051, SUPPORT)
    ev, _ = _events(lex, "China and Russia agreed to expand their cooperation.")
    assert set(ev) == {(710, 365, "AGREE"), (365, 710, "AGREE")}
    ev, _ = _events(lex, "The delegation of Brazil thanked Colombia.")
    assert [(a, b) for a, b, _c in ev] == [(140, 100)]
