import pytest

from portal.search.tokens import FIELD_BREAK, ends_open, index_text, tokenize


def test_cjk_text_becomes_overlapping_bigrams():
    assert tokenize("腾讯计算机") == ["腾讯", "讯计", "计算", "算机"]


def test_a_single_cjk_character_is_kept_as_one_token():
    assert tokenize("王") == ["王"]


def test_words_and_codes_are_lower_cased_runs():
    assert tokenize("Tencent 91440300MA5") == ["tencent", "91440300ma5"]


def test_full_width_letters_and_digits_are_folded():
    assert tokenize("ＡＢＣ９１４４") == ["abc9144"]


def test_punctuation_separates_runs_without_bigrams_across_it():
    assert tokenize("杭市监〔2025〕12号") == ["杭市", "市监", "监", "2025", "12", "号"]


def test_a_cjk_run_beside_another_run_adds_its_edge_characters():
    assert tokenize("88号楼") == ["88", "号", "号楼"]
    assert tokenize("科技A座") == ["科技", "技", "a", "座"]
    assert tokenize("A座大厦B") == ["a", "座", "座大", "大厦", "厦", "b"]


def test_a_fragment_ending_inside_a_run_is_a_run_of_the_text_tokens():
    # The rule that lets 88号 find 88号楼 and 技A find 科技A座: the query's
    # tokens stand next to each other among the text's.
    def contains(text, fragment):
        tokens, wanted = tokenize(text), tokenize(fragment)
        return any(tokens[i : i + len(wanted)] == wanted for i in range(len(tokens)))

    text = "依据杭市监罚〔2024〕88号决定书，科技A座"
    for fragment in ("88号", "88号决定", "〔2024〕88", "技A", "科技A座", "监罚"):
        assert contains(text, fragment), fragment
    for fragment in ("8号", "号A", "A科技"):
        assert not contains(text, fragment), fragment


def test_index_text_puts_a_break_between_fields():
    assert index_text("腾讯", "", "计算") == f"腾讯 {FIELD_BREAK} 计算"


@pytest.mark.parametrize(
    ("fragment", "open_ended"),
    [
        ("办理20", True),  # anchored by 办理: 20 may be the start of 2024
        ("科技al", True),
        ("9133010", True),  # a cut-off code, long enough alone
        ("xq", False),  # alone and short: it would match half the index
        ("88号", False),  # ends in Chinese, which is whole bigrams already
        ("腾讯", False),
    ],
)
def test_a_fragment_ending_in_letters_or_digits_is_open_ended(fragment, open_ended):
    assert ends_open(tuple(tokenize(fragment))) is open_ended
