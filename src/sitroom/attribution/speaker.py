"""Who is speaking: the speaker phrase → a contract ``Actor``.

* A named person with a title or apposition ("the Russian Defense Ministry spokesman, Maj.
  Gen. Igor Konashenkov") → the person (``name``) with the organisation, resolved through
  the actor dictionary, in ``affiliation``.
* A surname alone ("Konashenkov said") → the earlier full-name mention.
* Pronouns and definite descriptions ("he", "it", "they", "the ministry") → the nearest
  earlier compatible mention in the same or the two previous sentences (PERSON for he/she,
  ORG/GPE/NORP for it/they; subjects first), a simple salience-based coreference.
* Anything else → the dictionary's actor, or the mention without its determiner.
"""

from __future__ import annotations

import re

from sitroom.actors import STATE_FORCE_WORDS, is_state
from sitroom.attribution.spans import np_span
from sitroom.model import Actor, Span

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
GROUP_PRONOUNS = {"it", "they", "them", "its", "their"}
GROUP_LABELS = {"ORG", "GPE", "NORP"}
GENERIC_HEADS = {
    "ministry", "group", "army", "military", "government", "movement", "militia", "agency",
    "office", "council", "organization", "organisation", "force", "forces", "coalition",
    "police", "regime", "administration", "authorities", "authority", "committee",
    "department", "command", "junta", "rebels", "militants", "mission",
    "embassy", "presidency", "spokesman", "spokeswoman", "spokesperson", "observatory",
}  # fmt: skip
TITLES = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:(?:Lieutenant|Lt\.?|Major|Maj\.?|Brigadier|Brig\.?|Colonel|"
    r"Col\.?|General|Gen\.?|Captain|Capt\.?|Sergeant|Sgt\.?|Admiral|Adm\.?|Commander|Cmdr\.?|"
    r"Marshal|Field|President|Prime|Minister|Deputy|Foreign|Defen[cs]e|Interior|Secretary|"
    r"Spokesman|Spokeswoman|Spokesperson|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Sheikh|Sheik|Imam|"
    r"Ayatollah|King|Queen|Prince|Emir|Chief|Ambassador|Senator|Sen\.?|Rep\.?|Governor|"
    r"Gov\.?|Mayor|Pope|Rev\.?|Father|Bishop|Judge|Justice|Vice|Acting|Former|Ret\.?)"
    r"(?:[\s-]+|$))+",
)
PERSON_ROLES = (
    "president", "spokes", "minister", "general", "colonel", "commander", "chief", "leader",
    "head of", "member of", "official", "analyst", "activist", "envoy", "ambassador",
    "secretary", "director", "governor", "mayor", "lieutenant", "captain", "major",
)  # fmt: skip
VAGUE_HEADS = {"group", "organisation", "organization", "movement", "militia", "faction", "outfit"}
# Where a statement was posted, never who made it: "said on X. … The group denied" is not X
PLATFORMS = {
    "x", "twitter", "telegram", "facebook", "youtube", "instagram", "tiktok", "whatsapp",
    "truth social", "threads", "vk", "vkontakte", "weibo", "bluesky",
}  # fmt: skip
DETERMINER = re.compile(r"^(?:the|a|an|this|that|these|those)\s+", re.I)
POSSESSIVE = re.compile(r"(?:[’']s|[’'])$")


def clean_mention(text: str) -> str:
    """The mention without a leading determiner, possessive ending or edge punctuation."""
    text = POSSESSIVE.sub("", text.strip(" ,.;:—–-\"“”'’"))
    return DETERMINER.sub("", text).strip()


def _generic(a: Actor) -> bool:
    """A sector word's actor ("rebels", "the military"), not a named one."""
    # (a state's derived sector actor, "mli-reb" = "Malian rebels", is as generic)
    return a.id is None or a.id.startswith("any-") or bool(re.fullmatch(r"[a-z]{3}-[a-z]{3}", a.id))


def person_name(text: str) -> str:
    name = TITLES.sub("", clean_mention(text)).strip()
    return name or clean_mention(text)


def _dictionary():
    try:
        from sitroom.actors import ActorDictionary
    except ImportError:  # the actor dictionary is optional for this stage
        return None
    try:
        return ActorDictionary.load()
    except (OSError, ValueError):
        return None


class SpeakerResolver:
    """Turns speaker phrases of one document into Actors (cached per mention)."""

    def __init__(self, sdoc, text: str, *, focus_country: str | None = None, dictionary=None):
        self.sdoc = sdoc
        self.text = text
        self.focus_country = focus_country
        self.dictionary = _dictionary() if dictionary is None else dictionary or None
        self._cache: dict[tuple[int, int], Actor] = {}
        self._sents = list(sdoc.sents)

    # -------------------------------------------------------------- public --------------

    def actor(self, head_i: int, start: int, end: int) -> Actor:
        key = (start, end)
        if key not in self._cache:
            self._cache[key] = self._plain(start, end)  # guards against cycles
            self._cache[key] = self._build(head_i, start, end)
        return self._cache[key]

    def _as_written(self, ante, start: int, end: int) -> Actor:
        """The antecedent's actor, with ``text``/``span`` of the mention as written here."""
        if ante is None or (ante[1], ante[2]) == (start, end):
            return self._plain(start, end)
        found = self.actor(*ante)
        return found.model_copy(
            update={"text": self.text[start:end], "span": Span.of(self.text, start, end)}
        )

    # -------------------------------------------------------------- building ------------

    def _resolve(self, mention: str, modifiers=()) -> Actor | None:
        if self.dictionary is None or not mention:
            return None
        try:
            return self.dictionary.resolve(
                mention, modifiers=modifiers, focus_country=self.focus_country
            )
        except (ValueError, KeyError):
            return None

    def _resolve_exact(self, mention: str) -> Actor | None:
        """Resolve only a mention the dictionary has as an alias (for affiliations, where
        a loose match — "Georgia State University" → Georgians — does harm)."""
        cands = getattr(self.dictionary, "candidates", None)
        if cands is not None:
            try:
                if not cands(mention):
                    return None
            except (ValueError, KeyError):
                return None
        return self._resolve(mention)

    def _plain(self, start: int, end: int, name: str | None = None, **kw) -> Actor:
        text = self.text[start:end]
        return Actor(
            text=text,
            name=name or clean_mention(text) or text,
            span=Span.of(self.text, start, end),
            **kw,
        )

    def _build(self, head_i: int, start: int, end: int) -> Actor:
        tok = self.sdoc[head_i]
        low = tok.lower_
        if tok.pos_ == "PRON" and (low in PERSON_PRONOUNS or low in GROUP_PRONOUNS):
            return self._as_written(
                self._antecedent(tok, person=low in PERSON_PRONOUNS), start, end
            )
        owned = self._owned(tok, start, end)
        if owned is not None:
            return owned
        person = self._person_in(tok, start, end) or self._untagged_person(tok, start)
        if person is not None:
            return self._person(person, start, end)
        surname = self._surname_antecedent(tok, start, end)
        if surname is not None:
            return self._as_written(surname, start, end)
        if self._is_generic(tok, start, end):
            ante = self._description_antecedent(tok)
            if ante is not None:
                return self._as_written(ante, start, end)
        longer = self._longer_antecedent(start, end)
        if longer is not None:
            return self._as_written(longer, start, end)
        return self._organisation(tok, start, end)

    def _owned(self, tok, start: int, end: int) -> Actor | None:
        """ "its forces", "their fighters": the owner's (the antecedent's) forces, not the
        story's country's ("Russia's defence ministry said its forces…" → Russian)."""
        poss = next(
            (c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None
        )
        if poss is None or self.dictionary is None:
            return None
        ante = self._antecedent(poss, person=False)
        if ante is None:
            return None
        owner = self.actor(*ante)
        if owner.country is None:
            return None
        rest = self.text[poss.idx + len(poss.text) : end].strip()
        try:
            found = self.dictionary.resolve(rest, focus_country=owner.country)
        except (ValueError, KeyError):
            return None
        if found is None or found.country not in (None, owner.country):
            return None
        return found.model_copy(update={
            "text": self.text[start:end], "span": Span.of(self.text, start, end),
            "country": owner.country,
        })  # fmt: skip

    def _longer_antecedent(self, start: int, end: int):
        """ "The Defense Ministry" after "the Russian Defense Ministry": the fuller mention."""
        short = clean_mention(self.text[start:end]).lower()
        if not short or " " not in short and short.islower():
            return None
        for e in reversed(self.sdoc.ents):
            if e.end_char > start or e.label_ not in ("ORG", "GPE", "NORP", "FAC"):
                continue
            full = clean_mention(e.text).lower()
            if full != short and re.search(r"\b" + re.escape(short) + r"\b", full):
                return (e.root.i, *np_span(e.root))
        return None

    def _untagged_person(self, tok, start: int):
        """A name the tagger missed, after a title: "Vice president of the Syrian
        Coalition Nagham al-Ghadiri" → the proper nouns that end the phrase."""
        if tok.pos_ != "PROPN" or tok.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC"):
            return None
        first = tok.i
        while (
            first - 1 >= 0
            and self.sdoc[first - 1].dep_ == "compound"
            and self.sdoc[first - 1].pos_ == "PROPN"
            and self.sdoc[first - 1].ent_type_ not in ("ORG", "GPE", "NORP")
        ):
            first -= 1
        before = self.text[start : self.sdoc[first].idx].lower()
        if first == tok.i and "-" not in tok.text or not any(w in before for w in PERSON_ROLES):
            return None
        return self.sdoc[first : tok.i + 1]

    def _surname_antecedent(self, tok, start: int, end: int):
        """ "Rudskoi said" after "Colonel-General Sergei Rudskoi": the full mention."""
        words = clean_mention(self.text[start:end]).split()
        if len(words) != 1 or tok.pos_ != "PROPN":
            return None
        for e in reversed(self.sdoc.ents):
            if (
                e.label_ == "PERSON"
                and e.end_char <= start
                and " " in e.text
                and e.text.split()[-1] == words[0]
            ):
                return self._speaker_phrase_of(e)
        return None

    def _organisation(self, tok, start: int, end: int) -> Actor:
        text = self.text[start:end]
        head_end = max(t.idx + len(t.text) for t in self.sdoc[tok.left_edge.i : tok.i + 1])
        found = None
        if start < head_end < end:  # "JNIM, an al-Qaeda affiliate": the head phrase first
            found = self._resolve(clean_mention(self.text[start:head_end]))
        if found is None or found.country is None or _generic(found):  # the whole phrase
            whole = self._resolve(clean_mention(text))
            if whole is not None and (
                found is None or whole.country is not None or _generic(found) and not _generic(whole)
            ):  # "The Group for the Support of Islam and Muslims (JNIM)": JNIM, not "rebels"
                found = whole
        if found is None:
            return self._plain(start, end, country=self._place_country(start, end))
        update = {"text": text, "span": Span.of(self.text, start, end)}
        if found.country is None:  # "Mali's transitional government": the state named
            update["country"] = self._place_country(start, end)
        return found.model_copy(update=update)

    def _place_country(self, start: int, end: int) -> str | None:
        """The state a phrase names in a modifier ("Mali's", "Sudanese"), if any."""
        span = self.sdoc.char_span(start, end, alignment_mode="expand")
        words = [e.text for e in span.ents] if span is not None else []
        words += [t.text for t in span or () if t.pos_ in ("PROPN", "ADJ") and not t.ent_type_]
        for w in words:
            found = self._resolve(clean_mention(w))
            if found is not None and is_state(found):
                return found.country  # a state, not some group based there
        return None

    def _person_in(self, tok, start: int, end: int):
        """The PERSON the phrase names: the head itself or its apposition (not a possessor:
        "Barakat's sister" is not Barakat)."""
        for e in self.sdoc.ents:
            if e.label_ != "PERSON" or not (start <= e.start_char and e.end_char <= end):
                continue
            r = e.root
            if e.start <= tok.i < e.end or (r.dep_ == "appos" and r.head.i == tok.i):
                return e
            if tok.dep_ == "appos" and tok.head.i == r.i:
                return e
        return None

    def _person(self, ent, start: int, end: int) -> Actor:
        name = person_name(ent.text)
        if " " not in name:  # a surname: the earlier full mention
            for e in self.sdoc.ents:
                if e.start_char >= ent.start_char:
                    break
                if (
                    e.label_ == "PERSON"
                    and e.text.split()[-1] == name
                    and " " in person_name(e.text)
                ):
                    full = self._speaker_phrase_of(e)
                    if full is not None and (full[1], full[2]) != (start, end):
                        return self._as_written(full, start, end)
                    name = person_name(e.text)
        known = self._resolve(name)
        if known is not None and known.id and known.sector is not None:
            country, sector, ident = known.country, known.sector, known.id
        else:
            country = sector = ident = None
        affiliation = None
        for e in self.sdoc.ents:
            if not (start <= e.start_char and e.end_char <= end) or e.label_ not in ("ORG", "NORP"):
                continue
            org = self._resolve_exact(clean_mention(e.text))
            if e.label_ == "ORG":
                affiliation = org.name if org is not None else clean_mention(e.text)
            if org is not None:
                country = country or org.country
                sector = sector or (org.sector if e.label_ == "ORG" else None)
        if affiliation is None and known is not None and known.id and known.affiliation:
            affiliation = known.affiliation  # the dictionary knows the person's organisation
        if sector is None and self.dictionary is not None:
            for word in self.text[start : ent.start_char].split():
                s = self._title_sector(word.strip(",.").lower())
                if s:
                    sector = s
                    break
        text = self.text[start:end]
        return Actor(
            text=text, name=name, country=country, sector=sector, affiliation=affiliation,
            id=ident, span=Span.of(self.text, start, end),
        )  # fmt: skip

    def _title_sector(self, word: str) -> str | None:
        fn = getattr(self.dictionary, "title_sector", None)
        if fn is None:
            return None
        try:
            return fn(word)
        except (ValueError, KeyError):
            return None

    def _speaker_phrase_of(self, ent):
        """The noun phrase around an earlier PERSON mention (with its titles)."""

        return (ent.root.i, *np_span(ent.root))

    # -------------------------------------------------------------- coreference ---------

    def _window(self, tok):
        si = next(i for i, s in enumerate(self._sents) if s.start <= tok.i < s.end)
        return [self._sents[j] for j in range(si, max(-1, si - 3), -1)]

    def _antecedent(self, tok, *, person: bool, labels=None):

        labels = labels or ({"PERSON"} if person else GROUP_LABELS)
        for k, sent in enumerate(self._window(tok)):
            cands = []
            if person and labels == {"PERSON"}:
                # "A Pakistani security official … said …. He denied": a person named by role
                cands += [
                    t for t in sent
                    if t.i < tok.i and t.dep_ == "nsubj" and t.pos_ == "NOUN"
                    and t.tag_ == "NN" and any(r in t.lower_ for r in PERSON_ROLES)
                ]  # fmt: skip
            for e in sent.ents:
                if e.label_ not in labels or e.end <= sent.start or e.start >= tok.i:
                    continue
                if e.text.strip().rstrip(".").lower() in PLATFORMS:
                    continue
                if e.label_ == "NORP" and e.root.dep_ == "amod":
                    continue  # "Russian" in "Russian generals"
                if e.root.i != tok.i:
                    cands.append(e.root)
            if not person and labels == GROUP_LABELS:
                cands += [
                    t
                    for t in sent
                    if t.i < tok.i
                    and t.dep_ in ("nsubj", "nsubjpass")
                    and (t.ent_type_ != "PERSON" or any(d.lower_ == "the" for d in t.children))
                    and (
                        t.lemma_.lower() in GENERIC_HEADS
                        and t.pos_ in ("NOUN", "PROPN")
                        or t.pos_ == "PROPN"
                        or t.tag_ == "NNPS"
                    )
                    and t not in cands
                ]  # fmt: skip  "Human Rights Watch published…. It said", "The Houthis…. They said"
            if not cands:
                continue
            subj = [c for c in cands if c.dep_ in ("nsubj", "nsubjpass")]
            pool = subj or cands
            best = (
                max(pool, key=lambda c: c.i)
                if k == 0
                else (subj or sorted(cands, key=lambda c: c.i))[0]
            )
            return (best.i, *np_span(best))
        return None

    def _is_generic(self, tok, start: int, end: int) -> bool:
        if tok.lemma_.lower() not in GENERIC_HEADS and tok.lower_ not in GENERIC_HEADS:
            return False
        words = self.text[start:end].split()
        return (
            words[0].lower() in ("the", "this")
            and not any(
                t.ent_type_ in ("GPE", "NORP") or t.pos_ == "PROPN"
                for t in self.sdoc[tok.left_edge.i : tok.i]
            )
            and len(words) <= 4
        )

    def _description_antecedent(self, tok):
        """ "the ministry" → the nearest earlier mention that names a ministry."""

        head = tok.lower_
        # every word of the description, not the head alone: "the air force" is not
        # "the People's Defence Force"
        words = [t.lower_ for t in self.sdoc[tok.left_edge.i : tok.i + 1] if t.dep_ != "det"]
        best = None
        for e in self.sdoc.ents:
            if e.start >= tok.left_edge.i:
                break
            named = set(re.findall(r"\w+", e.text.lower()))
            if e.label_ in ("ORG", "GPE", "NORP", "FAC") and all(w in named for w in words):
                best = e
        if best is not None and " ".join(words) in STATE_FORCE_WORDS:
            named = self._resolve(clean_mention(best.text))
            if named is not None and named.sector not in ("MIL", "GOV"):
                best = None  # "the army" after "the White Army" (a militia) is the state's
        if best is not None:
            return (best.root.i, *np_span(best.root))
        if head not in VAGUE_HEADS:  # "the junta" is not whichever group came last
            return None
        ante = self._antecedent(tok, person=False, labels={"ORG"})
        return ante if ante is None or ante[0] != tok.i else None
