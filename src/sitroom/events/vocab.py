"""Word lists and thresholds the events stage reads (PLOVER/ACLED conventions)."""

from __future__ import annotations

MODALS = {"may", "might", "could", "would", "should", "can", "will", "shall", "must", "'ll"}


HYPOTHETICAL_GOVERNORS = {
    "threaten", "vow", "plan", "intend", "want", "seek", "prepare", "aim", "pledge", "promise",
    "warn", "urge", "demand", "ask", "call", "try", "attempt", "hope", "fear", "expect",
    "consider", "propose", "refuse", "deny", "avoid", "prevent", "stop", "halt", "need",
    "decide", "agree", "order", "allow", "permit", "able", "ready", "likely", "possible",
    "willing", "prepared", "determined", "unwilling", "unable", "fail", "resolve", "commit",
    # nouns whose "to" complement has not happened: "an appeal to lay down their arms"
    "appeal", "request", "proposal", "offer", "effort", "bid", "ultimatum", "deadline",
}  # fmt: skip


NEG_DETS = {"no", "any"}


HYPOTHETICAL_NOUNS = {
    "prospect", "possibility", "risk", "fear", "danger", "chance", "threat", "warning", "plan",
    "scenario", "likelihood", "attempt", "bid", "readiness", "intention", "ability",
}  # fmt: skip


UNREAL_ADJ = {"possible", "potential", "planned", "imminent", "future", "expected", "feared",
              "looming", "threatened", "proposed", "hypothetical", "anticipated", "likely"}  # fmt: skip


NON_LOCATIVE_DEPS = {"nsubj", "nsubjpass", "poss", "compound", "amod", "npadvmod", "nmod"}


INSTRUMENT_NOUNS = {
    "warplane", "jet", "aircraft", "plane", "helicopter", "drone", "artillery", "tank", "missile",
    "rocket", "mortar", "gunboat", "bomber", "fighter-bomber", "gunship", "sniper", "shell",
    "bomb", "force", "troop", "soldier", "fighter", "militant", "gunman", "unit", "jihadist",
}  # fmt: skip


INSTRUMENT_MODES = {
    "warplane": "aerial", "jet": "aerial", "aircraft": "aerial", "plane": "aerial",
    "helicopter": "aerial", "gunship": "aerial", "drone": "drone",
    "artillery": "heavy-weapons", "tank": "heavy-weapons", "missile": "heavy-weapons",
    "rocket": "heavy-weapons", "mortar": "heavy-weapons", "shell": "heavy-weapons",
    "sniper": "firearms", "gun": "firearms", "rifle": "firearms", "bullet": "firearms",
    "barrel": "aerial", "ied": "explosives", "bomb": "explosives", "grenade": "explosives",
    "knife": "primitive", "machete": "primitive",
}  # fmt: skip


#: words that, modifying an attack noun or as what it was done "with", name its means:
#: "a chemical attack", "a suicide car bomb attack", "killed with sarin", "a rocket
#: attack". ``weapon``/``agent``/``munition`` pass the question to their own modifiers
#: ("a chemical weapons attack", "toxic agents").
MODIFIER_MODES = {
    "chemical": "unconventional", "sarin": "unconventional", "chlorine": "unconventional",
    "toxic": "unconventional", "nerve": "unconventional", "poison": "unconventional",
    "gas": "unconventional", "mustard": "unconventional", "biological": "unconventional",
    "suicide": "suicide-attack",
    "air": "aerial", "aerial": "aerial", "airstrike": "aerial", "warplane": "aerial",
    "helicopter": "aerial", "barrel": "aerial", "drone": "drone",
    "rocket": "heavy-weapons", "missile": "heavy-weapons", "mortar": "heavy-weapons",
    "artillery": "heavy-weapons", "shell": "heavy-weapons", "tank": "heavy-weapons",
    "bomb": "explosives", "ied": "explosives", "explosive": "explosives",
    "landmine": "explosives", "mine": "explosives", "grenade": "explosives",
    "sniper": "firearms", "gun": "firearms", "gunfire": "firearms", "rifle": "firearms",
    "knife": "primitive", "machete": "primitive",
}  # fmt: skip
#: a modifier of these modes overrides the trigger's own mode: a "chemical air strike" is
#: a chemical attack to ACLED, a "suicide car bombing" a suicide bomb
DECISIVE_MODES = ("unconventional", "suicide-attack")
#: nouns that pass the question of the means on to their own modifiers
MEANS_HEADS = {"weapon", "agent", "munition", "substance", "attack", "bombing"}
#: words that make "gas" not a poison ("tear gas" is crowd control; a gas station or
#: pipeline is a target)
NOT_POISON = {"tear", "station", "pipeline", "field", "plant", "cylinder", "canister"}


MODE_ACLED = {
    "aerial": ("Explosions/Remote violence", "Air/drone strike"),
    "drone": ("Explosions/Remote violence", "Air/drone strike"),
    "heavy-weapons": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "explosives": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide-attack": ("Explosions/Remote violence", "Suicide bomb"),
    "unconventional": ("Explosions/Remote violence", "Chemical weapon"),
    "abduct": ("Violence against civilians", "Abduction/forced disappearance"),
    "sexual": ("Violence against civilians", "Sexual violence"),
}


ARMED_SECTORS = {"MIL", "REB", "PRM", "UAF", "SPY", "COP"}


#: what is said, not asked: rejecting one of these denies it (a claim, not a REJECT event),
#: and a denial of one denies what was said before, not the last event
SAYING_NOUNS = {
    "report", "claim", "allegation", "accusation", "charge", "statement", "account",
    "assertion", "rumour", "rumor", "suggestion", "assessment", "figure", "toll", "version",
}  # fmt: skip


CIVILIAN_WORDS = {
    "civilian", "resident", "villager", "child", "woman", "family", "people", "worker",
    "student", "journalist", "farmer", "passenger", "worshipper", "patient", "protester",
    "demonstrator", "refugee", "man", "boy", "girl", "teacher", "doctor", "person",
}  # fmt: skip


FATAL = {"kill", "murder", "slay", "die", "dead", "death", "execute", "behead", "assassinate",
         "killing", "toll", "fatality", "body", "massacre", "martyr"}  # fmt: skip


INJURE = {"injure", "wound", "hurt", "injury", "maim", "injured", "wounded"}


ARREST = {"arrest", "detain", "round", "apprehend", "capture", "abduct", "kidnap", "seize"}


NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "single": 1,
    "both": 2, "couple": 2,
}  # fmt: skip


VAGUE = {"dozens", "scores", "hundreds", "thousands", "several", "many", "some", "numerous"}


SECTOR_HEADS = {
    "force", "troop", "soldier", "army", "military", "fighter", "militant", "rebel", "unit",
    "militia", "police", "official", "government", "regime", "authority", "group", "faction",
}  # fmt: skip


WHO_NOUNS = SECTOR_HEADS | {
    "official", "spokesman", "spokeswoman", "spokesperson", "tv", "television", "media", "agency",
    "ministry", "minister", "president", "leader", "embassy", "envoy", "news", "state", "people",
    "authority", "ambassador", "delegation", "diplomat", "commander", "general", "source",
    "analyst", "newspaper", "channel", "outlet", "broadcaster", "monitor", "council", "command",
    "spy", "intelligence", "service", "operative", "agent", "citizen", "national", "warplane", "jet", "aircraft", "drone", "ally", "backer", "proxy", "militant",
}  # fmt: skip


SECTOR_FOR_INSTRUMENT = {
    "warplane": "air force", "jet": "air force", "aircraft": "air force", "plane": "air force",
    "helicopter": "air force", "bomber": "air force", "drone": "forces", "airstrike": "air force",
    "strike": "forces", "artillery": "army", "tank": "army", "shelling": "forces",
}  # fmt: skip


PERSON_PRONOUNS = {"he", "she", "him", "her", "himself", "herself"}


GROUP_PRONOUNS = {"it", "they", "them", "its", "their", "which", "who", "that"}


BACKGROUND_DAYS = 60


MIN_CONFIDENCE = 0.38  # below this an event is more often noise than news (PLOVER/FA-KES dev)


EMBEDDED = {"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj", "xcomp", "conj"}


TIME_NOUNS = {"day", "week", "month", "year", "morning", "evening", "night", "weekend", "hour",
              "time", "period", "afternoon", "dawn", "midnight", "noon"}  # fmt: skip


MODE_FAMILIES = (
    {"explosives", "suicide-attack"}, {"aerial", "drone"}, {"heavy-weapons"}, {"firearms"},
    {"unconventional"}, {"abduct"}, {"sexual"}, {"targeted", "firearms"}, {"destroy"},
)  # fmt: skip


NEARBY_SENTENCES = 3  # compatible mentions this close are one happening unless shown distinct


INHERIT_SENTENCES = 2


RECENT_DAYS = 7

SPEECH_VERBS = {
    "say", "tell", "claim", "state", "announce", "report", "add", "insist", "confirm", "deny",
    "warn", "accuse", "allege", "declare", "write", "post", "assert", "argue", "explain",
}  # fmt: skip
#: places people live in: their modifiers say where ("a Haitian town"), not whose
SETTLEMENT_NOUNS = {
    "village", "town", "city", "area", "neighbourhood", "neighborhood", "district", "region",
    "province", "suburb", "camp",
}  # fmt: skip
FACILITY_NOUNS = {
    "village", "town", "city", "school", "hospital", "clinic", "market", "camp", "building",
    "house", "home", "area", "neighbourhood", "neighborhood", "district", "mosque", "church",
    "bakery", "shelter", "residence", "block", "apartment", "street", "road", "bridge", "depot",
    "plant", "station", "facility", "site", "field", "farm", "compound", "port", "airport",
    "region", "province", "suburb", "centre", "center", "office", "warehouse",
}  # fmt: skip
MILITARY_SITES = {"base", "position", "checkpoint", "post", "barracks", "outpost", "headquarters",
                  "convoy", "garrison", "airbase", "stronghold"}  # fmt: skip

#: words of a recent moment: "since Monday", "since last night", "since dawn" mark when an
#: ongoing happening began (a date for it), not a period a running total counts over
RECENT_MOMENTS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday yesterday today morning
    dawn overnight night hours hour""".split()
)
