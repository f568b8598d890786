import random

import jieba.posseg
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from qdextract.text import viterbi
from qdextract.text.segment import jieba_modules

SAMPLES = ["李家超", "陈茂波说", "格奥尔基耶娃", "行政长官李家超表示", "黄家荣称", "龘靐齉", "鑫", "习近平同志", "財政司司長"]


def _random_texts(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质信"
    rare = [chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(300)]
    return ["".join(rng.choice(common if k % 2 else rare) for _ in range(rng.randint(1, 9))) for k in range(n)]


def test_the_route_and_probability_are_jiebas():
    for text in SAMPLES + _random_texts(40):
        assert viterbi.viterbi(text, char_state_tab_P, start_P, trans_P, emit_P) == \
            jieba_viterbi(text, char_state_tab_P, start_P, trans_P, emit_P), text


def test_jieba_modules_decode_with_it():
    _, posseg = jieba_modules()
    assert posseg is jieba.posseg and posseg.viterbi is viterbi.viterbi
    assert [(t.word, t.flag) for t in posseg.lcut("财政司司长陈茂波表示")][-2:] == [("陈茂波", "nr"), ("表示", "v")]
