"""Entity mentions: places, organisations, brands, programmes, events and titles.

Matching runs on the normalized (Simplified, width-folded) text of each passage and of each
section heading's title (headings are not passages) and reports raw offsets. The rules are data
(`data/entities.yaml`, `data/bodies.yaml`, the places files):

- gazetteer names (administrative divisions in full and short form, platforms, companies, bodies,
  expos), found by one Aho-Corasick automaton (automaton.py), the longest at each place;
- compounds: a known name, a few descriptive words and a head (青岛 + 职业技术 + 学院,
  平度 + 假睫毛 + 产业带); the descriptive words are cut with jieba to refuse function words;
- editions of events (第十五届全国运动会), with a known name before them (广东省第十四届…);
- “quoted” names typed by the word after them (“一城一仓”项目, “以旧换新”等促消费活动), before them
  (吉祥物“喜洋洋”) or by their own ending (“星火计划”), and 《titles》 (LAW when a law or plan,
  else WORK_OF_ART);
- a heading whose whole title is a name (4.3 崂山区数智消费引领行动), and the places inside it
  (崂山区): the only mentions that nest;
- persons next to a title, before a verb of saying or a headline's colon (习近平总书记, 陈茂波说;
  persons.py);
- names no gazetteer holds, by their head (基金, 计划, 集团, 协定 …) and bounded on the left by the
  sentence's structure, the members of a list that share the head, names coordinated before one
  head (紫金山、太湖…等实验室; heads.py);
- per document (document.py): abbreviations defined in parentheses (康乐及文化事务署（康文署）),
  every other occurrence of a name a rule found once, and each mention's entity_id, that of the
  full name for a known or defined abbreviation.

The gazetteers (gazetteer.py): mainland divisions (places.tsv), countries (countries.tsv), Hong
Kong, Macau and Taiwan districts, cities abroad and regions (places_more.yaml), bodies, media,
platforms, companies, indices and events with their abbreviations (bodies.yaml), and the lists of
entities.yaml.

`pipeline()` is the same rules as a spaCy pipeline: `spacy.blank("zh")` with the char segmenter,
a `span_ruler` holding every gazetteer name (and the blockers, which keep 中国 out of 中国式), then
the `qdextract_*` components: gazetteer names and compounds, the pattern rules, and the resolution
of overlaps into `doc.spans["qdextract"]`. One token per character, because the jieba segmenter
splits names the gazetteer knows (平度假睫毛 -> 平/度假/睫毛), which phrase patterns would then miss;
jieba only sees the few characters a rule asks about. Without a trained model the pipeline adds
nothing to the rules, so documents skip it (`text_mentions`: the same mentions, no Doc). With a
trained model named by `QDEXTRACT_SPACY_MODEL`, documents go through it, the same components
following its "ner"; its entities are candidates of the lowest priority, so the rules' mentions
win where they overlap.
"""

from qdextract.extract.entities.nlp import (
    add_rule_components,
    extract_entities,
    load_resources,
    pipeline,
)
from qdextract.ids import entity_id

__all__ = ["add_rule_components", "entity_id", "extract_entities", "load_resources", "pipeline"]
