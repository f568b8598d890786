"""The number grammar as one compiled pattern, built from `data/units.yaml` and `data/cues.yaml`.

It is compiled with the standard `re` module: on the large CJK character classes of this grammar
`re` scans several times faster than `regex`, and the grammar needs nothing beyond it. The
pattern accepts Traditional and Simplified characters and full- and half-width forms alike (see
`lexicon.literal`), so it runs on the raw text directly and its offsets need no mapping.

A numeral is read whole or not at all: the runs of numeral characters are possessive (`*+`), so
the engine never backs off to a prefix of a numeral to make a match (`四亿五千六百四十二万零一十五`
is read as one number or not at all, never as `四亿`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qdextract.zh.lexicon import (
    Discount,
    Unit,
    alternation,
    char_class,
    cues,
    currency_parts,
    discount,
    fold_table,
    literal,
    optional,
    unit_lists,
    units,
)
from qdextract.zh.numerals import (
    CIRCLE_ZEROS,
    CN_DIGITS,
    CN_LARGE,
    CN_SMALL,
    DECIMAL_DIGITS,
    DECIMAL_POINT,
    DIGIT_VALUES,
    UNKNOWN_DIGIT,
)

# Characters a unit may begin with after 兆 when 兆 is the prefix mega-, not 10^12 (`5兆瓦`).
_MEGA_UNITS = "瓦帕赫字比焦伏位"
# Hedges the far end of a range may carry (`alternation` spells them in both scripts) (`8%至近10%`).
_FAR_END_HEDGES = ["近", "约", "逾", "超过", "接近", "将近", "不到", "不足"]


@dataclass(frozen=True, slots=True)
class Grammar:
    pattern: re.Pattern[str]
    after_fiscal: re.Pattern[str]  # the same alternatives without the fiscal year, for a pair that is none
    units: dict[str, Unit]
    unit_fold: dict[int, str]
    period_names: dict[str, tuple[int, int]]
    quarters: dict[str, str]
    half_years: dict[str, str]
    percent_words: dict[str, float]
    parts: dict[str, tuple[str, float]]
    discount: Discount
    rank_words: dict[str, int]
    rank_before: re.Pattern[str]   # searched on the text before an ordinal
    rank_counters: frozenset[str]
    session_tail: re.Pattern[str]  # matched after a figure counted in 届
    session_before: re.Pattern[str]  # searched before a figure counted in 次: a session's meeting
    name_form: re.Pattern[str]     # matched at a figure's unit
    word_starts: dict[str, tuple[str, ...]]  # a unit that begins a word before these (`单程`)
    money_counter: str
    money_counter_cue: re.Pattern[str]
    index_context: re.Pattern[str]  # searched before a figure in 点
    rate_context: re.Pattern[str]   # searched before a figure in 厘 or 点子


@cache
def grammar() -> Grammar:
    """The compiled pattern and the tables to read its matches (built once)."""
    unit_table = units()
    cue = cues()
    lists = unit_lists()
    parts = currency_parts()
    zhe = discount()
    c = char_class
    L = literal

    D = c("0123456789")
    D19 = c("123456789")
    dot = c(".")
    decimals = optional(rf"{dot}{D}++")
    # (the thousands separator is looked for before the groups it separates are read; a lone
    # `.5` is a decimal where no digit, letter or dot stands before it)
    # a space between groups of three (`7 503 100人`, as Hong Kong's government writes) separates
    # thousands too, where no digit stands before the first group
    spaced = rf"(?<![0-9０-９.．,，])(?={D}{{1,3}}[ \u00a0\u2009\u202f]{D}{{3}}(?![0-9０-９]))(?:{D}{{1,3}}(?:[ \u00a0\u2009\u202f]{D}{{3}}(?![0-9０-９]))++){decimals}"
    arabic = (rf"(?:(?={D}{{1,3}}{c(',')}){D}{{1,3}}(?:{c(',')}{D}{{3}})++(?!{D}){decimals}|{spaced}|{D}++{decimals}"
              rf"|(?<![.．0-9０-９A-Za-zＡ-Ｚａ-ｚ]){dot}{D}++)")
    sp = r"[ \t\u3000]{0,2}" + optional(r"\n[ \t\u3000]*|\r\n[ \t\u3000]*")

    cn_digit = c(CN_DIGITS)
    # 百/千 that begin a unit (百分点, 千瓦, 千米, 千克) are not numerals.
    cn_small = rf"(?:{c('十拾')}|{c('百佰')}(?!{L('分')})|{c('千仟')}(?!{c('瓦米克伏')}))"
    mega = rf"{L('兆')}(?!{c(_MEGA_UNITS)})"
    cn_large = rf"(?:{c(CN_LARGE.replace('兆', ''))}|{mega})"
    ji = c(UNKNOWN_DIGIT)
    cn_any = c(CN_DIGITS + CN_SMALL + CN_LARGE + UNKNOWN_DIGIT)
    # 点 followed by digits gives decimals (`四十二点五`, `一点二万亿`); never 两 (`一点两小时`).
    cn_point = rf"{c(DECIMAL_POINT)}{c(DECIMAL_DIGITS)}++"
    cn_part = rf"(?:{cn_digit}|{cn_small}|{ji}|{cn_point})"
    # a zero standing alone begins a word, not a count (`零件`, `零部件`, `零售`)
    lone_zero = rf"{c('零〇')}(?!{c(CN_DIGITS.replace('零', '').replace('〇', '') + CN_SMALL + CN_LARGE + UNKNOWN_DIGIT + DECIMAL_POINT)})"
    cn_num = rf"(?<!{cn_any})(?!{lone_zero})(?:{cn_digit}|{cn_small}|{ji})(?:{cn_part}|{cn_large})*+"
    # A Chinese number standing without a unit must carry a magnitude (百万, 十几万), read to its end.
    cn_num_big = rf"(?<!{cn_any})(?=(?:{cn_part})*+{cn_large})(?:{cn_digit}|{cn_small}|{ji})(?:{cn_part}|{cn_large})*+"
    neg = L("负")
    more = c("多余")
    large_word = rf"(?:{L('万亿')}|{L('万万')}|{L('亿亿')}|{cn_large})"  # 百亿亿次/秒: 1e18 a second
    # The magnitude after Arabic digits, and the groups that may follow it (`6億2千萬`, `5万4千6百`).
    mag_head = (rf"(?:{c('十百千')})?{large_word}|{c('百')}(?!{L('分')})"
                rf"|{c('千')}(?!{c('瓦米克伏')})")
    mag_group = rf"{D}{{1,4}}(?:{c('十百千')}(?:{large_word})?|{large_word})"
    mag = rf"(?:{mag_head})(?:{mag_group})*+"
    unit = alternation(list(unit_table))
    unit_no_year = alternation([u for u in unit_table if u != "年"])
    sign = rf"(?:(?<![-−－0-9０-９])[-−－](?=[0-9０-９.．])|{neg}(?=[0-9０-９]))?"
    part_main = alternation([p for p in parts if p != "分"])
    kilo = rf"(?:{c('kK')}|{c('mM')})"

    def amount(p: str) -> str:
        """A number with its magnitude, vague marker, unit and a smaller unit of its currency;
        group names prefixed by `p`."""
        def may(name: str, body: str, before: str = "") -> str:  # an optional named part
            return optional(rf"{before}(?P<{p}{name}>{body})")
        money_part = may("part", rf"(?:{c('又零')})?(?:{D}{{1,2}}|{cn_digit})(?:{part_main})"
                                 rf"(?:(?:{D}|{cn_digit}){L('分')})?", sp)
        arabic_amount = (rf"(?P<{p}num>{sign}{arabic}){may('kilo', kilo + f'(?={sp}{unit})')}"
                         rf"{may('more1', more)}{may('mag', mag, sp)}{may('more2', more)}{may('unit', unit, sp)}")
        chinese_amount = (rf"(?P<{p}cnum>(?:{neg})?{cn_num}){may('cmore1', more)}"
                          rf"{may('cmag', f'(?:{cn_large})+')}{may('cmore2', more)}{sp}(?P<{p}cunit>{unit})")
        chinese_big = rf"(?P<{p}cbig>(?:{neg})?{cn_num_big}){may('cbmore', more)}(?!{sp}{unit})"
        return f"(?:{arabic_amount}|{chinese_amount}|{chinese_big}){money_part}"

    # The far end of a range may carry its own hedge (`升逾8%至近10%`, `介乎近3%至逾4%`).
    far_hedge = optional(rf"(?P<rq>{alternation(_FAR_END_HEDGES)}){sp}")
    range_sep = rf"{sp}(?P<rsep>(?<!—)—(?!—)|[-－–~～〜]|{L('至')}|{L('到')}){sp}{far_hedge}"

    # (a year in Chinese numerals may set its zero as a circle or a full-width O: `二○三五年`, `二Ｏ二三年`)
    year = rf"(?:(?<!{D})(?:19|20){D}{{2}}(?!{D})|{c('〇零一二三四五六七八九' + CIRCLE_ZEROS)}{{4}})"
    month = rf"(?<!{D})(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])(?!{D})"
    day = rf"(?<!{D})(?:[12][0-9]|3[01]|0?[1-9])(?!{D})"
    to = rf"(?:[-－—–~～〜]|{L('至')}|{L('到')})"
    quarter = alternation(list(cue.quarters))
    half = alternation(list(cue.half_years))

    def month_day(p: str) -> str:
        """`3月`, `1-6月`, `11月6日至10日`; group names prefixed by `p`."""
        month_word, day_word = L("月"), c("日号")
        months_to = optional(rf"{to}{sp}(?P<{p}m2>{month}){sp}")
        month_of_day = optional(rf"(?P<{p}m3>{month}){month_word}")
        days_to = optional(rf"{sp}{to}{sp}{month_of_day}(?P<{p}d2>{day}){sp}{day_word}")
        return (
            rf"(?P<{p}m1>{month}){sp}{months_to}{month_word}(?:{L('份')})?"
            + optional(rf"{sp}(?P<{p}d1>{day}){sp}{day_word}{days_to}")
        )

    year_tail = optional(rf"{sp}(?:(?P<yq>{quarter})|(?P<yh>{half})|{month_day('y')})")
    date = (
        rf"(?P<y>{year}){sp}{L('年')}(?!{c('龄级代')})(?:{L('度')})?{year_tail}"
        rf"|{month_day('')}|(?P<q>{quarter})|(?P<h>{half})"
    )
    # `2026-02-03`, `2025/03/21`, with a time of day after it if one (`2017-05-15 10:13:16`)
    iso_date = (rf"(?<!{D})(?P<iy>(?:19|20){D}{{2}})(?P<isep>[-/.])(?P<im>1[0-2]|0?[1-9])(?P=isep)"
                rf"(?P<id>3[01]|[12]{D}|0?[1-9])(?!{D})(?:[ T]{D}{{1,2}}:{D}{{2}}(?::{D}{{2}})?)?")
    year_range = (
        rf"(?P<yr1>{year}){sp}{to}{sp}(?P<yr2>{year})"
        rf"(?:{sp}{L('年')}|(?!{sp}(?:{unit_no_year}|{mag}|{more}|{D})))"
    )
    # Fiscal years: `2017/18年度`, `1997-98年度`, `97-98年`, `2023-24` (checked when read: the
    # second year follows the first).
    fiscal_suffix = alternation(["年度", "财政年度", "财年", "学年", "年"])
    fiscal = (
        rf"(?<!{D})(?P<fy1>(?:19|20)?{D}{{2}}){sp}[/／\-－—–]{sp}(?P<fy2>(?:19|20)?{D}{{2}})(?!{D}|{c('%')})"
        rf"(?P<fysuf>{sp}{fiscal_suffix}|)"
    )

    names = alternation(list(cue.names) + list(cue.period_names))
    enum_suffix = alternation(list(cue.enumerator_suffixes))
    section_word = alternation(list(cue.section_words))
    clause_start = r"(?:^|(?<=[。；;：:！!？?]))"
    line_start = r"^"  # compiled with MULTILINE: the start of a line
    han_not_unit = rf"(?!{unit}|{mag}|{more}|{c('%')}|{L(zhe.marker)}|{L('成')})[\u3400-\u4dbf\u4e00-\u9fff]"
    section = (
        rf"(?P<sec>{D}+(?:{dot}{D}+){{2,}})(?!{D}|{c('%')})"
        rf"|{line_start}(?P<sec2>{D}{{1,2}}{dot}{D}{{1,2}})(?=[ \t\u3000]|{han_not_unit})"
    )
    enumerator = (
        rf"{clause_start}(?P<en_is>{cn_digit}|{c('十')}){enum_suffix}"
        rf"|{line_start}(?:[(（](?P<en_par>{cn_num}|{D}{{1,2}})[)）]|(?P<en_list>{cn_num}|{D}{{1,2}})[、.．](?!{D}))"
        rf"|{L('第')}(?P<en_sec>{cn_num}|{D}+){section_word}"
    )
    ordinal = rf"{L('第')}{sp}(?P<ord>{cn_num}|{D}++){optional(rf'{sp}(?P<ord_unit>{unit})')}"
    rank_word = rf"(?P<rankw>{alternation(list(cue.rank_words))})"

    # `12k个百分点`, `百分之3.2M`: a Latin k or M between a number and its unit, or ending a
    # percent in words, is a thousand or a million (never before other words: `4K超高清`).
    percent_words = (rf"(?P<pwword>{alternation(list(lists.percent_words))})(?P<pw>{cn_num}|{arabic})"
                     rf"(?:{sp}(?P<pwk>{kilo})(?![A-Za-zＡ-Ｚａ-ｚ]))?")
    cn_1_9 = c("".join(d for d, v in DIGIT_VALUES.items() if v))
    cheng = (
        rf"(?<!{cn_any}|{D}|{dot}|{c(DECIMAL_POINT)})(?P<cheng>{D19}{dot}{D}|{c('1')}{c('0')}|{D19}|{c('十')}|{cn_1_9}(?:{c(DECIMAL_POINT)}{c(DECIMAL_DIGITS)})?"
        rf"|{L('半')}){L('成')}(?!{c('本员果绩功立效交型熟长都品片不')})"
        rf"(?:(?P<chalf>{L('半')}|{cn_1_9})(?!{cn_any}|{D}|{unit}))?"
    )
    zhe_digits = (
        rf"(?P<zhe>{D19}{dot}{D}|{D19} ?{D19}|{D19}"
        rf"|{cn_1_9}(?:{c(DECIMAL_POINT)}{c(DECIMAL_DIGITS)}|{cn_1_9})?)"
    )
    discount_ = (
        rf"(?<!{cn_any}|{D}|{dot}|{c(DECIMAL_POINT)}){zhe_digits}{L(zhe.marker)}(?!{alternation(list(zhe.not_before))})"
        rf"|(?P<zhe_half>{alternation(list(zhe.halves))})"
    )
    # The figures that only a sign after the number tells apart (`1/10`, `3×4`, `3:5`, `2^5`,
    # `2e5`) first look for that sign past a run of number characters: at most digits it is not
    # there, and the lookahead is cheaper than reading the number to find out.
    arabic_chars = c("0123456789.,")
    fraction_chars = c("0123456789.,-−负又 " + CN_DIGITS + CN_SMALL + CN_LARGE + UNKNOWN_DIGIT + DECIMAL_POINT)
    # A denominator may hold 百 before 分之 (`一百分之二`); bare 百分之/千分之 are percent words.
    cn_den = rf"(?:{cn_digit}|{c(CN_SMALL)})(?:{cn_digit}|{c(CN_SMALL)}|{cn_large}|{ji})*+"
    signed = rf"(?:{neg})?"
    fraction = (
        rf"(?={fraction_chars}*(?:{L('分之')}|/))"
        rf"(?:(?P<fwhole>{signed}(?:{cn_num}|{arabic})){L('又')})?"
        rf"(?:(?P<den>{signed}(?:{cn_den}|{arabic})){L('分之')}(?P<numer>{signed}(?:{cn_num}|{arabic}))"
        rf"|(?:(?<![0-9０-９.．])(?P<fw>{D}{{1,3}}) )?(?<!{D}|/)(?P<fa>{sign}{arabic})/(?P<fb>{arabic})(?!{D}|/))"
    )
    # `三分一`, `四分三`: a fraction without 之, as Hong Kong writes it (a part below the whole,
    # no other numeral around it: not `三分二十秒`)
    short_fraction = (rf"(?<!{cn_any}|{D})(?P<sfden>{c('三四五六七八九')}){L('分')}(?P<sfnum>{c('一二三四五六七八')})"
                      rf"(?!{cn_any}|{D}|{c('之钟秒半')})")
    # `半个月` (a duration of a half), `一半` (a half of a whole)
    half = rf"(?P<halfw>{L('一半')})|(?<!{c('上下前后多')}){L('半')}(?P<hunit>{unit})"
    doubling = rf"{L('翻')}{L('了')}?(?P<fan>{c('一两二三四')}|{D})?{L('番')}"
    times = rf"(?={arabic_chars}*{sp}[×xX*])(?P<ta>{arabic}){sp}[×xX*]{sp}(?P<tb>{arabic}){optional(rf'{sp}(?P<tunit>{unit})')}"
    ratio = rf"(?={arabic_chars}*{sp}{c(':')})(?P<ratio>{arabic}(?:{sp}{c(':')}{sp}{arabic})+)"
    # `2^5`, `1.1^-23`; `2e5`, `-12e-1`.
    power = rf"(?=[-−－]?{arabic_chars}*\^)(?P<pa>{sign}{arabic})\^(?P<pb>[-+－]*{arabic})"
    scientific = (rf"(?=[-−－]?{arabic_chars}*[eE][-+－]?{D})(?<![A-Za-z0-9])(?P<sa>{sign}{arabic})[eE]"
                  rf"(?P<sb>[-+－]?{D}{{1,3}})(?![0-9A-Za-z])")
    vague = (
        rf"(?P<vpre>{c('数几')})(?P<vmag>{L('十万')}|{L('百万')}|{L('千万')}|{L('十亿')}|{L('百亿')}"
        rf"|{L('千亿')}|{L('万亿')}|{c('十百千万亿')}){optional(rf'(?P<vmore>{more})')}{optional(rf'{sp}(?P<vunit>{unit})')}"
    )

    alternatives = [
        ("name", names),
        ("rank_word", rank_word),
        ("section", section),
        ("enumerator", enumerator),
        ("ordinal", ordinal),
        ("iso_date", iso_date),
        ("fiscal", fiscal),
        ("year_range", year_range),
        ("date", date),
        ("percent_words", percent_words),
        ("discount", discount_),
        ("cheng_", cheng),
        ("fraction", fraction),
        ("short_fraction", short_fraction),
        ("half", half),
        ("doubling", doubling),
        ("times", times),
        ("ratio_", ratio),
        ("power", power),
        ("scientific", scientific),
        ("vague", vague),
        ("amount", rf"{amount('a')}{optional(range_sep + amount('b'))}"),
    ]
    # Every mention begins with one of these characters: a cheap test before the alternation.
    first = (
        "0123456789-−－.负" + CN_DIGITS + CN_SMALL + UNKNOWN_DIGIT + "数第翻百千万(（半"
        + "".join(w[0] for w in list(cue.names) + list(cue.period_names) + list(cue.quarters)
                  + list(cue.half_years) + list(cue.rank_words) + list(zhe.halves))
    )

    def compile_(skip: str = "") -> re.Pattern[str]:
        master = "|".join(f"(?P<{name}>{body})" for name, body in alternatives if name != skip)
        return re.compile(rf"(?={c(first)})(?:{master})", re.MULTILINE)

    words = (list(unit_table) + list(cue.quarters) + list(cue.half_years) + list(cue.period_names)
             + list(lists.percent_words) + list(parts) + list(cue.rank_words) + list(zhe.halves))
    return Grammar(
        pattern=compile_(),
        after_fiscal=compile_(skip="fiscal"),
        units=unit_table,
        unit_fold=fold_table(words),
        period_names=cue.period_names,
        quarters=cue.quarters,
        half_years=cue.half_years,
        percent_words={k: float(v) for k, v in lists.percent_words.items()},
        parts=parts,
        discount=zhe,
        rank_words=cue.rank_words,
        rank_before=re.compile(rf"(?:{alternation(list(cue.rank_before))})[均也仍已]?$"),
        rank_counters=frozenset(cue.rank_counters),
        session_tail=re.compile(rf"(?:{cn_num}{c('中次')}|{alternation(list(cue.session_after))})"),
        # `十三届七次、八次全会`, `市十六届人大三次会议` (the body whose session it is may stand between)
        session_before=re.compile(rf"[届屆]{alternation(list(cue.session_after) + [''])}"
                                  r"(?:[〇零一二两兩三四五六七八九十0-9]+次[、，,和及与與])*$"),
        name_form=re.compile(alternation(list(cue.name_forms))),
        word_starts={u: tuple(nexts) for u, nexts in lists.word_starts.items()},
        money_counter=lists.money_counter,
        money_counter_cue=re.compile(alternation(list(lists.money_counter_cues))),
        index_context=re.compile(alternation(list(cue.index_context))),
        rate_context=re.compile(alternation(list(cue.rate_context))),
    )
