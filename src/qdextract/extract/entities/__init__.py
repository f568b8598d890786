"""Entity mentions: places, organisations, brands, programmes, events and titles.

Matching runs on the normalized (Simplified, width-folded) text of each passage and of each
section heading's title (headings are not passages) and reports raw offsets. The rules are data
(`data/entities.yaml`, `data/places.tsv`):

- gazetteer names (administrative divisions in full and short form, platforms, companies, bodies,
  expos), found by spaCy's `span_ruler`, the longest at each place;
- compounds: a known name, a few descriptive words and a head (青岛 + 职业技术 + 学院,
  平度 + 假睫毛 + 产业带); the descriptive words are cut with jieba to refuse function words;
- editions of events (第十五届全国运动会), with a known name before them (广东省第十四届…);
- “quoted” names typed by the word after them (“一城一仓”项目, “以旧换新”等促消费活动), before them
  (吉祥物“喜洋洋”) or by their own ending (“星火计划”), and 《titles》 (LAW when a law or plan,
  else WORK_OF_ART);
- a heading whose whole title is a name (4.3 崂山区数智消费引领行动), and the places inside it
  (崂山区): the only mentions that nest;
- persons next to a title (习近平总书记).

`pipeline()` is the spaCy pipeline that runs: `spacy.blank("zh")` with the char segmenter, a
`span_ruler` holding every gazetteer name (and the blockers, which keep 中国 out of 中国式), then
the `qdextract_*` components: gazetteer names and compounds, the pattern rules, and the resolution
of overlaps into `doc.spans["qdextract"]`. One token per character, because the jieba segmenter
tokenizes at a fifth to a third of the char segmenter's speed and splits names the gazetteer knows
(平度假睫毛 -> 平/度假/睫毛), which phrase patterns would then miss; jieba only sees the few
characters a rule asks about. With a trained model named by `QDEXTRACT_SPACY_MODEL`, the same
components follow its "ner"; its entities are candidates of the lowest priority, so the rules'
mentions win where they overlap.
"""

from qdextract.extract.entities.nlp import add_rule_components, extract_entities, pipeline
from qdextract.ids import entity_id

__all__ = ["add_rule_components", "entity_id", "extract_entities", "pipeline"]
