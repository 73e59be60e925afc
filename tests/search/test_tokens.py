from portal.search.tokens import FIELD_BREAK, index_text, tokenize


def test_cjk_text_becomes_overlapping_bigrams():
    assert tokenize("腾讯计算机") == ["腾讯", "讯计", "计算", "算机"]


def test_a_single_cjk_character_is_kept_as_one_token():
    assert tokenize("王") == ["王"]


def test_words_and_codes_are_lower_cased_runs():
    assert tokenize("Tencent 91440300MA5") == ["tencent", "91440300ma5"]


def test_full_width_letters_and_digits_are_folded():
    assert tokenize("ＡＢＣ９１４４") == ["abc9144"]


def test_punctuation_separates_runs_without_bigrams_across_it():
    assert tokenize("杭市监〔2025〕12号") == ["杭市", "市监", "2025", "12", "号"]


def test_index_text_puts_a_break_between_fields():
    assert index_text("腾讯", "", "计算") == f"腾讯 {FIELD_BREAK} 计算"
