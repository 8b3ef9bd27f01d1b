"""The one reader of a resident's message: volume, period, household, money and the question.

Residents write "每个月差不多十二吨，三口人，一年水费多少", "every two months about 40 m3, what's
that per year", "第三档多少钱一吨". A bill is only right if all of these are read together, so
the bot and the site's free-text fields both call `read_message` and never parse on their own.

Precedence rules (what wins when several values appear), in the order they are applied:

1. Volume: only a number next to a volume unit (吨/方/立方/立方米/个立方/m3/m³/t/tons/cubic
   metres/cubes/升/L, 度 in a clause about water, 字/个字 in a clause about the meter — Shanghai
   speech for the meter's m³ digit, note "meter_zi" — and "units" in a message about a water bill,
   note "units_as_m3"), a labelled one ("本期用水量23") or two meter readings ("读数从1234变成1260"
   → 26) is a volume. A bare number is one only (1b) right next to a period phrase in a message
   that is not about money ("280 a year", "一年250", "15 every other month", "每月15左右"; never
   "水费一年300" or "paid 260 a year"), note "bare_number_as_usage"; other bare numbers go to
   `bare_number`, which a caller expecting a volume may use: `read_message(text, expecting="usage_m3")`.
   Litres ÷ 1000; a range (十二三吨, 12-13吨, 二十几 = 21–29) is its midpoint; per person (每人每月4吨) ×
   the household; per day/week/half month × 365/52/24 into a year at once (`written_m3`/`written_period`).
2. A price unit is never a usage: "多少钱一吨", "每吨", "一方水多少钱", "再多用一吨", "3.45元一吨",
   "per m3", "a cubic meter" — a volume of 1 next to money words, or after 每/再/多用/per/next.
3. A threshold ("三百吨以上", "三百吨往上", "over 300 m3", "220吨以内") is `above_m3`/`below_m3`, and a
   usage only when the question is not about prices or tier limits ("the part above 220", "超过220的
   部分怎么算钱", "what do you pay above 300" ask a tier's price); a guess in a tier question
   ("第一档的上限是220吨吗", "从220吨开始吗") is not a usage either.
4. Of several volumes the last one stated wins (corrections: "200吨，不对，是250吨"), except that
   a volume said of someone else ("邻居家一年用300吨") or of a tier ("听说第一档到220吨") gives
   way to one of the household's own. A change ("再多用20吨", "少用50吨", "20 more m3") is never a
   usage: it is added to a volume in the same message, else kept as `usage_change` for
   `continue_reading` to add to the remembered one (note "usage_changed").
5. Period of the volume: a period followed by a money question ("一年水费多少", "what's that per
   year", "annual bill") is the ASKED period, never the volume's; otherwise the period written right
   after the volume ("12吨/月", "40 m3 every two months") beats one before it in the same clause
   ("每个月差不多十二吨"), which beats one elsewhere in the sentence, which beats a billing cycle
   named anywhere ("两个月抄一次表", "一个季度左右抄一次", "we're billed every other month", "they
   read the meter about once every three months"; note "period_from_billing_cycle"). With none, the
   asked period is used, else a year is assumed (note "period_assumed_year"). A period said not to
   be it ("not every month", "不是一个月") counts for nothing. A period right after money
   ("150元一个月", "上个月交了") is the money's (`amount_period`). A message with a period and no
   volume that corrects ("oops, I meant every two months", "说错了，是两个月") sets `corrected_period`:
   the remembered volume over that period; a sure correction word beats a follow-up's "?".
6. Household: a total ("一共五个人", "5 of us in total") beats every part; parts ("老两口",
   "两个大人一个小孩", "2 adults and 2 kids") joined by 加上/还有/plus, or side by side, are added;
   parts after a household statement ("四口人，我和我爱人，还有两个孩子") only enumerate it;
   otherwise the last mention wins (a correction: "4个人，不对，是5个人"). 独居/alone = 1, 老两口 = 2,
   一家三口 = 3; 三代同堂 without a number is unknown (note "people_generations_unknown"). A named
   member (我爸, 婆婆, my dad = 1; 爸妈, my parents = 2) counts only inside a list of the household
   ("我和老公 加上俩娃 还有我爸" = 5; "我妈说水费太贵" alone says nothing). "5口人以上" and "五口人的
   家庭也一样吗" name the large-household rule, not the household. With no household stated, a change
   ("我爸要是搬走了呢" −1, "if my mum moves in" +1, "少一个人呢") is `people_change`, applied by
   `continue_reading` to the remembered size (note "people_changed").
7. Question: found in the last sentence that asks something (a question at the end of a long
   message wins over chatter); inside it: usage_from_amount > why > tier_boundary >
   marginal_price > which_tier > large_household > tier_price > bill. `questions` lists one per
   clause (a space between Chinese words separates clauses: "第一档封顶多少吨 五口人的家庭也一样吗"
   asks two). "How is the water bill calculated" with no volume or money is the tier table
   (tier_price, note "how_calculated"); "and the other two?" / "另外两档呢" is the whole table (note
   "other_tiers", the remembered tier is dropped); a why-question about the household size also
   lists large_household. 7b: with no question cue, a volume, a household and a bill word ("calculate
   water fee 240 m3 per annum household of four", "一年二百三十方 四口人 水钱", "帮忙算下 一年260吨
   三口人") is a bill (note "bill_by_words") — never when it asks the basis ("按年算还是按月算"), a leak
   or a check ("怎么检查"), saving, or whether a figure is right. Money after paying words is an amount in any numerals
   ("水费一百二", "交了一百五", "we pay 150 a quarter"), worked back when the message asks for m³.
9. A long message (a story, then the question; `core.reading.tail`): the final question's part —
   after a lead-in ("我的问题是：", "my question:"), else the last sentence when it is short, else the
   clauses before the asking one that state a figure it lacks — decides the question, the volume,
   the money and the tier. The story only fills the household, the period (a stated billing cycle)
   or a volume the question leaves out; its money counts only for a why/how-much-water question,
   its "再多用一吨", "听说第三档", "几十块钱" never (note "question_at_end"). Vague amounts (几十块,
   十几块, 好几百) are never money anywhere; "差不多/不多/没多用" never start a change.
8. A message about gas or electricity and not about water ("天然气多少钱一方", "gas price per m3")
   reads as nothing but its household (note "other_utility"): no water bill for it.
"""

from core.reading.follow_up import continue_reading
from core.reading.note import reading_note
from core.reading.period import PERIOD_NAMES, find_periods
from core.reading.question import QUESTIONS
from core.reading.read import read_message
from core.reading.result import Reading
from core.reading.text import normalize_text

__all__ = [
    "PERIOD_NAMES",
    "QUESTIONS",
    "Reading",
    "continue_reading",
    "find_periods",
    "normalize_text",
    "read_message",
    "reading_note",
]
