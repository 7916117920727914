"""The proposition extractor on sentences written for each rule (hand-coded expectations)."""

from __future__ import annotations

import re

import pytest

from multipolar.sources.text.propositions import Mention, period_of, proposition

CODES = {"China": 710, "Russia": 365, "United States": 2, "India": 750, "Pakistan": 770,
         "Turkey": 640, "Cuba": 40, "Germany": 255, "France": 220, "Armenia": 371,
         "Azerbaijan": 373, "Somalia": 520, "South Africa": 560, "Spain": 230, "Rome": 325,
         "Turkish": 640, "Cypriots": 352, "Burkina Faso": 439, "Iran": 630, "Ukraine": 369,
         "Jordan": 663, "Iraq": 645, "Zimbabwe": 552, "Central African": 482, "Japan": 740,
         "Montenegro": 341, "Georgia": 372, "Portugal": 235, "Angola": 540, "Kuwait": 690,
         "Australia": 900, "New Zealand": 920, "Afghanistan": 700}  # fmt: skip


def _p(text: str, **kw):
    ms = [
        Mention(code, m.start(), m.end(), name)
        for name, code in CODES.items()
        for m in re.finditer(re.escape(name), text)
    ]
    return proposition(text, ms, **kw)


def test_negation_reverses_the_assertion():
    p = _p("Russia has sold no weapons to Turkey since 2012.")
    assert p.channel == "arms" and p.negated and p.direction == [365, 640]
    assert p.period == {"from": 2012, "to": None, "text": "since 2012"}
    assert not _p("Russia sells weapons to Turkey.").negated
    assert _p("Germany and France haven't voted together since 2010.").negated


@pytest.mark.parametrize(
    ("text", "polarity", "comparison", "than"),
    [
        (
            "China and Russia vote against each other more often than most pairs.",
            "against",
            "most",
            None,
        ),
        ("China and Russia rarely vote together at the United Nations.", "against", None, None),
        ("China and Russia vote together less often than most pairs.", "together", "fewer", None),
        (
            "China votes with Russia far more often than with the United States.",
            "together",
            None,
            2,
        ),
    ],
)
def test_polarity_and_comparatives(text, polarity, comparison, than):
    p = _p(text)
    assert (p.channel, p.polarity, p.comparison, p.than) == ("votes", polarity, comparison, than)
    assert p.states[:2] == [710, 365]


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("Trade between China and Russia collapsed after 2014.", "fall"),
        ("Trade between China and Russia deepened after 2014.", "rise"),
        ("Trade between India and Pakistan has declined since 2018.", "fall"),
        ("Trade between China and Russia will double by 2030.", "rise"),
    ],
)
def test_change_words(text, change):
    p = _p(text)
    assert p.kind == "claim" and p.channel == "trade" and p.change == change


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("China and Russia must stand together against hegemony.", "exhortation"),
        ("Russia courts China because it fears isolation.", "motive"),
        ("The friendship of China and Russia is a model for the world.", "value"),
        (
            "Relations between China and Russia will only grow stronger.",
            "prediction without a measure",
        ),
        ("Multilateralism is under threat everywhere today, sadly.", "no state"),
        ("China is a great civilization with a long and proud history.", "value"),
        (
            "Russia argued against the unilateral demands of the alliance today.",
            "one state, no pair",
        ),
    ],
)
def test_not_a_claim_with_the_reason(text, reason):
    p = _p(text)
    assert (p.kind, p.reason) == ("not a claim", reason)


def test_topics_without_an_act_are_no_channel():
    # the op-ed's sentence: sanctions are a topic, nobody sanctions anybody
    p = _p(
        "Russia and China agreed to share expertise about fighting sanctions and long-arm jurisdiction."
    )
    assert p.kind == "claim" and p.channel is None and p.cues["topic"] == ["sanctions"]
    assert "agreement" in p.named_events
    # 141 nations came together: not how Russia and the United States vote
    p = _p(
        "141 nations in the General Assembly came together to condemn Russia's war, the United States said."
    )
    assert p.channel is None
    # sanctions imposed by unnamed countries have no sender among the two
    p = _p("Russia blames the sanctions imposed by many countries for the crisis in India.")
    assert p.channel is None


def test_named_events_and_direction():
    p = _p("China and Russia signed a mutual defence pact in 2005.")
    assert p.channel == "alliances" and {"pact", "signing"} <= set(p.named_events) and p.joint
    p = _p("Cuba was sanctioned by the United States in 1962.")
    assert p.direction == [2, 40]
    p = _p("India buys arms from Russia.")
    assert p.direction == [365, 750]


def test_the_focal_pair_fills_in_the_two_countries():
    p = _p("Trade between the two countries collapsed after 2014.", pair=[710, 365])
    assert p.states == [710, 365] and p.change == "fall"


def test_periods():
    assert period_of("between 2010 and 2015")["from"] == 2010
    assert period_of("since the end of the Cold War")["from"] == 1991
    assert period_of("a Cold War-era attitude") is None
    assert period_of("in the 1990s") == {"from": 1990, "to": 1999, "text": "in the 1990s"}
    assert period_of("trade fell last year", year=2022)["from"] == 2021
    assert period_of("trade will double by 2030")["to"] == 2030
    assert period_of("the blockade has gone on for more than 60 years", year=2022)["from"] == 1962
    assert period_of("an embargo imposed for two decades", year=1975)["from"] == 1955


@pytest.mark.parametrize(
    "text",
    [
        # each gave a wrong verdict in a General Debate speech before the rule that stops it
        "Later, Armenia, using weapons of different calibres, opened fire on Azerbaijan.",
        "We call for an end to the oppression of the Turkish Cypriots and to the sanctions imposed on them.",
        "Somalia supports the consensus that mandatory sanctions against South Africa are justified.",
        "Somalia requests the Security Council to impose the strictest sanctions against South Africa.",
        "Spain keeps memories of freedom side by side with memories of resistance to Rome.",
        "Iran acted responsibly, and the United States and its western allies must comply.",
        "Jordan was the first to suffer damage as a result of the sanctions imposed on Iraq.",
        "As regards Zimbabwe, the Central African Government deplores Smith, backed by his allies.",
        "Montenegro welcomes the French initiative on the use of the veto in cases of genocide.",
        "The Council could include Japan, Germany and India, whose veto would need two members.",
        "Georgia wants good relations with Russia, never at the expense of the independence we fought for.",
        "Portugal relies on NATO, without whose supplies of arms it could not wage war on Angola.",
        "Afghanistan expects the Council to consider the imposition of sanctions against Pakistan.",
        "Kuwait works for the continued imposition of the economic blockade upon the people of Iraq.",
        "The policy of the United Kingdom and the United States harms cooperation between the allied States.",
        "What will the United Kingdom and the United States and their Western allies do now?",
        "The Trade Agreement that Australia and New Zealand keep with the Pacific island nations of the region has been a factor in increasing their exports.",
    ],
)
def test_acts_without_their_actors_are_not_checked(text):
    p = _p(text)
    assert p.kind == "not a claim" or p.channel is None, p


@pytest.mark.parametrize(
    "text",
    [
        "Germany and France have been formal allies since 1955.",  # read "no measured channel"
        "Germany and France have long been allies.",
        "Germany and France are allies.",
    ],
)
def test_a_present_perfect_alliance_is_a_claimed_tie(text):
    p = _p(text)
    assert (p.kind, p.channel) == ("claim", "alliances"), p


def test_two_states_moving_closer_at_the_un_is_a_vote_trend():
    p = _p("Turkey has moved closer to Russia at the UN since 2016.")
    assert (p.kind, p.channel, p.change, p.states) == ("claim", "votes", "rise", [640, 365])
    p = _p("China and Russia have drifted apart in UN votes.")
    assert (p.channel, p.change) == ("votes", "fall")
    # "closer" is a trend of the votes only: closer trade ties are no change in trade
    p = _p("China and Russia seek closer trade ties.")
    assert p.change is None


def test_the_act_names_who_acts_on_whom():
    # a demand presupposes the act: the embargo the United States imposed on Cuba
    p = _p("We demand that the embargoes imposed on Cuba by the United States be lifted now.")
    assert (p.channel, p.direction) == ("sanctions", [2, 40])
    p = _p("The embargoes imposed on Cuba by the United States have lasted decades.")
    assert (p.channel, p.direction) == ("sanctions", [2, 40])
    p = _p(
        "With regard to the United States sanctions imposed on Cuba, Burkina Faso favours lifting."
    )
    assert (p.channel, p.direction, p.states) == ("sanctions", [2, 40], [2, 40])
    p = _p("The United States blockade of Cuba has gone on for more than 60 years.")
    assert p.direction == [2, 40]


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        (
            "China is Russia's largest trading partner.",
            {"rank": 1, "at_most": False, "of": 365, "partner": 710},
        ),
        (
            "China, which is now Germany’s second-largest trading partner, grew.",
            {"rank": 2, "at_most": False, "of": 255, "partner": 710},
        ),
        (
            "France is one of the largest trading partners of Germany.",
            {"rank": 5, "at_most": True, "of": 255, "partner": 220},
        ),
        ("China and Russia are important trading partners.", None),
    ],
)
def test_trade_partner_rank(text, rank):
    p = _p(text)
    assert p.channel == "trade" and p.rank == rank


def test_a_listed_group_acts_together():
    p = _p("China, Russia and Iran vote together at the United Nations.")
    assert (p.channel, p.scope, p.joint, p.states) == ("votes", "group", True, [710, 365, 630])
    p = _p("China, in its dealings with Russia and Iran, votes at the United Nations.")
    assert p.channel is None  # named, not listed together, and no polarity


def test_a_month_and_a_simple_past_tell_of_the_texts_time():
    p = _p("In April, the forces of Russia clashed with the army of Georgia.", year=2008)
    assert p.channel == "disputes" and p.period["from"] == 2008
    p = _p("The United States imposed a number of sanctions against Russia.", year=2014)
    assert p.period == {"from": 2013, "to": 2014, "text": "recently (simple past)"}
    p = _p("The United States has imposed sanctions on Cuba.", year=2014)
    assert p.period is None  # the present perfect: any year


def test_than_names_a_comparator_only_right_after_it():
    assert _p("China votes with Russia more often than with the United States.").than == 2
    p = _p("China lent more than ten billion dollars to Cuba in 2015.")
    assert p.than is None and p.states == [710, 40]


# --- issue 22 follow-up: pronoun subjects, loose economic cues, unnamed lenders, forums ---
# Expectations written by hand from the rules in docs/read.md before the run.
CR = [710, 365]


def test_joined_pair_is_the_pair_named_as_one_subject():
    from multipolar.sources.text.propositions import joined_pair

    ms = [Mention(710, 0, 5, "China"), Mention(365, 10, 16, "Russia")]
    assert joined_pair("China and Russia are closely linked.", ms) == CR
    # not joined: "China courts Russia" names two states, not one plural subject
    assert joined_pair("China courts Russia.", [Mention(710, 0, 5), Mention(365, 13, 19)]) == []
    # three states: no pair
    assert _p("China, Russia and Iran met.").states == [710, 365, 630]
    text = "China, Russia and Iran met."
    assert joined_pair(text, [Mention(c, m.start(), m.end()) for c, m in
                              ((710, re.search("China", text)), (365, re.search("Russia", text)),
                               (630, re.search("Iran", text)))]) == []  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "They have interests in commerce, the economy, and production.",
        "In addition, they have interests in commerce.",
        "Both countries have interests in commerce.",
        "The two nations have interests in commerce.",
        "Both have interests in commerce.",
    ],
)
def test_a_pronoun_subject_inherits_the_previous_pair(text):
    p = _p(text, previous=CR)
    assert p.inherited and p.states == CR and p.scope == "pair"
    assert p.kind == "claim" and p.channel == "trade"  # "commerce" is trade


@pytest.mark.parametrize(
    "text",
    [
        "Their leaders have interests in commerce.",  # not the subject "they"
        "Both of these initiatives concern commerce.",  # "both of": not the two states
        "They sell arms to India.",  # names a state outside the pair
        "Many of them have interests in commerce.",
    ],
)
def test_no_inheritance_without_a_pronoun_subject_for_the_pair(text):
    p = _p(text, previous=CR)
    assert not p.inherited and p.states != CR


def test_no_inheritance_without_a_previous_pair():
    p = _p("They have interests in commerce.")
    assert not p.inherited and p.kind == "not a claim" and p.reason == "no state"


def test_loose_economic_words_are_trade_only_when_nothing_else_is_named():
    p = _p("China and Russia have deep economic ties.")
    assert p.channel == "trade" and p.states == CR
    p = _p("Trade between China and Russia rose on the economic front.")
    assert p.channel == "trade" and p.change == "rise"
    p = _p("The United States imposed sanctions on Cuba despite their economic ties.")
    assert p.channel == "sanctions" and p.direction == [2, 40]


def test_trade_with_two_states_listed_after_with_is_the_speakers():
    p = _p("India and Pakistan have commercial ties.")
    assert p.channel == "trade" and p.states == [750, 770]
    p = _p("We maintained commercial relations with Japan and India during the war.")
    assert p.channel is None and p.cues["topic"] == ["trade"]
    p = _p("Even in wartime we kept up trade with Japan, India and others.")
    assert p.channel is None


def test_initiatives_with_no_lender_named_are_chinas_finance():
    text = (
        "Fortunately, a number of multimillion-dollar intergovernmental initiatives "
        "characterise Sino-Russian strategic exchanges on the economic front."
    )
    at = text.index("Sino")
    ms = [Mention(710, at, at + 4, "Sino"), Mention(365, at + 5, at + 12, "Russian")]
    p = proposition(text, ms)
    assert p.channel == "finance" and p.direction == CR and "lender" in p.cues
    p = _p("Russia and China launched several investment projects.")
    assert p.channel == "finance" and p.direction == CR
    p = _p("China and Russia signed a loan agreement.")
    assert p.channel == "finance" and p.direction == CR
    p = _p("India extended lines of credit to Afghanistan.")  # a lender named: India
    assert p.channel == "finance" and p.direction == [750, 700] and "lender" not in p.cues
    # no China in the pair: the data measure no other lender, and none is named -> a topic
    p = _p("Germany and France launched multimillion-dollar initiatives.")
    assert p.channel is None and p.cues["topic"] == ["finance"]


@pytest.mark.parametrize(
    "text",
    [
        "China and Russia have a history of working together to defend true multilateralism.",
        "China and Russia work together at the UN.",
        "China and Russia work together in international forums.",
        "China and Russia cooperate closely in the United Nations.",
        "China and Russia coordinate closely within the UN.",
        "China and Russia work together in multilateral fora.",
    ],
)
def test_working_together_in_forums_is_votes_together(text):
    p = _p(text)
    assert (p.channel, p.polarity, p.states) == ("votes", "together", CR)


def test_forums_without_a_together_are_a_topic():
    p = _p("Germany and France defend multilateralism.")
    assert p.channel is None and "votes" in p.cues["topic"]
    p = _p("Russia expanded its participation in international forums with China.")
    assert p.channel is None
    # the United Nations named as a place, the two not joined: no vote claim
    p = _p("China raised the question of Russia in the United Nations together with others.")
    assert p.channel is None
