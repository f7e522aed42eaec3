"""WordNet's kinds (persona/intent/wordnet.py) and the shopper's names for a kind (agent/offline/kinds.py)."""

import pytest

from shopagent.agent.offline.kinds import wordnet_name
from shopagent.persona.intent import wordnet

pytestmark = pytest.mark.skipif(not wordnet.available(), reason="WordNet's files are not installed (npm ci)")


@pytest.mark.parametrize(
    ("asked", "named", "same"),
    [
        ("perfume", "Eau de Toilette", True),  # a kind of perfume
        ("tee shirt", "T-Shirts", True),  # one synset, the store's name plural
        ("blow dryer", "Hair Dryer", True),
        ("couch", "sofa", True),
        ("sofa", "couch", True),
        ("cushion", "Throw Pillow", True),
        ("eau de toilette", "perfume", False),  # perfume is not always eau de toilette
        ("chair", "sofa", False),
        ("boot", "shoe", False),
    ],
)
def test_a_name_is_the_kind_or_a_kind_of_it(asked, named, same):
    assert wordnet.names_a_kind_of(asked, named) is same


def test_a_title_names_the_kind_by_its_whole_name_or_by_the_words_before_the_same_noun():
    assert wordnet_name("perfume", "Chanel Floral Eau de Toilette, 3.4 Oz Spray") == "Eau de Toilette"
    assert wordnet_name("cushion cover", "Lodge Velvet Throw Pillow Covers, Hidden Zipper") is not None
    assert wordnet_name("tea bag", "Laundry Bag, Mesh") is None


def test_missing_files_are_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(wordnet.ENV, str(tmp_path))
    with pytest.raises(wordnet.WordNetMissing, match="npm ci"):
        wordnet.require()


def test_only_senses_that_name_products_count():
    # "the drink" is also the sea, a body of water; a sparkling drink is no kind of water
    assert wordnet_name("water", "KIND Organic Zero Sugar Sparkling Drink") is None


def test_a_one_word_kind_is_compared_with_the_word_said_before_it():
    from shopagent.agent.offline.kinds import kind_as_said
    from shopagent.persona.intent import Intent

    assert kind_as_said(Intent.parse("stuffed animal, a unicorn one, 24 inch")) == "stuffed animal"
    assert kind_as_said(Intent.parse("colored gel pens, 24 pack")) == "gel pens"


def test_a_describing_word_the_name_shares_does_not_make_it_the_kind():
    from shopagent.agent.offline.embeddings import get_embedder
    from shopagent.agent.offline.kinds import KindMatcher
    from shopagent.persona.intent import Intent

    kinds = KindMatcher(get_embedder())
    assert not kinds.matches(Intent.parse("i am interested in buying sparkling water"), "KIND Zero Sugar Sparkling Drink")
    assert kinds.matches(Intent.parse("stuffed animal, a unicorn one"), "Crayola Unicorn Plush Toy")


def test_a_kind_said_with_a_word_before_its_noun_is_found_with_the_noun_named_otherwise():
    from shopagent.agent.offline.embeddings import get_embedder
    from shopagent.agent.offline.kinds import KindMatcher
    from shopagent.persona.intent import Intent

    kinds = KindMatcher(get_embedder())
    amp = Intent.parse("bluetooth amp, 35 max")
    assert amp.kind == "bluetooth amp"
    assert kinds.matches(amp, "Sony Stereo Amplifier, Bluetooth Input")  # the word anywhere, the noun as the store says it
    assert not kinds.matches(amp, "Sony Stereo Amplifier")  # without the word it is not the kind asked for
    assert not kinds.matches(Intent.parse("bluetooth speaker"), "Sony Wireless Earbuds, Bluetooth 5.0")  # another noun


def test_other_names_are_those_shoppers_write_most_and_never_a_clipped_part():
    from shopagent.agent.offline.searching import other_names_for
    from shopagent.persona.intent import Intent

    assert wordnet.other_names("footstool")[:2] == ["footrest", "ottoman"]
    assert "vacuum" in wordnet.other_names("hoover")  # a trade name stands for its kind
    assert other_names_for(Intent.parse("footstool with storage inside, beige"))[0] == "ottoman"
    assert "phone" not in other_names_for(Intent.parse("wireless earphones"))
    # A name English uses often, though shoppers' text has few: a rucksack is a backpack.
    assert other_names_for(Intent.parse("waterproof 40l rucksack for hiking")) == ["backpack"]
    # No name for the whole: its words before the noun, with a name of the noun.
    assert other_names_for(Intent.parse("amplified tv aerial for the bedroom")) == ["tv antenna"]


def test_a_trade_name_before_its_kind_is_a_brand():
    from shopagent.persona.intent import Intent

    assert wordnet.trade_name("levis") == ("Levi's", frozenset({"jeans", "denim"}))
    assert Intent.parse("levis mens relaxed fit jeans 34x32").brand == "Levi's"
    assert Intent.parse("darjeeling tea, certified organic").brand is None  # a kind named for a place, not a brand
    assert Intent.parse("loafer shoes for women, size 8").brand is None
    hoover = Intent.parse("a hoover for pet hair")  # alone, it stands for its kind
    assert hoover.brand is None and hoover.head == "hoover"
