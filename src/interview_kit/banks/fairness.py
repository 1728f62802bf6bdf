"""The fairness rules: questions that touch a protected characteristic, by name or through a proxy.

Patterns only; :mod:`.lint` applies them. Word boundaries everywhere, and exceptions for everyday health-IT
words, so that a rule fires on what an employer must not ask and not on a patient's age or a race condition.
"""

from __future__ import annotations

import re


#: For each rule's pattern, a cheap pre-check: a plain alternation of words that every match contains
#: (lowercase). Linting 3,000 questions runs each rule on every field; most fields contain none of a rule's
#: words, and this check, with no lookbehinds, rejects them far faster than the rule itself.
GATES: dict[re.Pattern, re.Pattern | None] = {}


_PLAIN_CHOICE = re.compile(r"^\(\?:([^()\[\]\\?*+{}.^$|]+(?:\|[^()\[\]\\?*+{}.^$|]+)*)\)$")


def required_literals(source: str) -> frozenset[str] | None:
    """Plain strings (as regex source) one of which every match of the regex ``source`` contains, lowercase.

    The longest certain run of plain characters (groups, classes, escapes and optional characters end a
    run; lookarounds and ``\\b`` do not, being zero-width),
    or else a required group of plain words like ``(?:your|their)``. None when neither gives 3 or more
    characters (or the source has a top-level ``|``): then the rule has no pre-check.
    """
    runs: list[str] = []
    choices: list[list[str]] = []
    run, i = "", 0

    def end() -> None:
        nonlocal run
        runs.append(run)
        run = ""

    while i < len(source):
        c = source[i]
        if source.startswith("\\b", i):
            i += 2  # zero-width: the run goes on
        elif c == "\\":
            end()
            i += 2
        elif c in "([":
            begin = i
            if c == "[":
                i = source.index("]", i + 1) + 1
            else:
                depth = 0
                while True:
                    if source[i] == "\\":
                        i += 2
                        continue
                    depth += {"(": 1, ")": -1}.get(source[i], 0)
                    i += 1
                    if depth == 0:
                        break
                if source.startswith(("(?=", "(?!", "(?<=", "(?<!"), begin):
                    continue  # zero-width: the run goes on
            quantified = i < len(source) and source[i] in "?*{+"
            optional = quantified and source[i] != "+"
            end()
            if (m := _PLAIN_CHOICE.match(source[begin:i])) and not optional:
                choices.append(m.group(1).split("|"))
            if quantified:
                i += 1
        elif c in "?*{":
            run = run[:-1]
            end()
            i += 1
        elif c in "+.^$":
            end()
            i += 1
        elif c == "|":
            return None
        else:
            run += c
            i += 1
    end()
    text = max(runs, key=lambda r: len(r.strip()))
    if len(text.strip()) >= 3:
        # (Not \b in the check itself: a plain alternation of strings is what the regex engine scans fast.)
        return frozenset({re.escape(text.lower())})
    usable = [words for words in choices if min(len(w.strip()) for w in words) >= 3]
    if usable:
        return frozenset(re.escape(w.lower()) for w in max(usable, key=lambda ws: min(len(w) for w in ws)))
    return None


def _rule(label: str, why: str, patterns: tuple[str, ...]) -> tuple[str, str, re.Pattern]:
    pattern = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    needed = [required_literals(p) for p in patterns]
    words = sorted({w for ws in needed if ws for w in ws}, key=len, reverse=True)
    GATES[pattern] = None if None in needed else re.compile("|".join(words))
    return label, why, pattern


def passes_gate(pattern: re.Pattern, lowered: str) -> bool:
    """Whether ``pattern`` can match text whose lowercase form is ``lowered`` (False only when it cannot)."""
    gate = GATES.get(pattern)
    return gate is None or gate.search(lowered) is not None


def _protected(label: str, why: str, *patterns: str) -> tuple[str, str, re.Pattern]:
    return _rule(label, why, patterns)


#: Not when the words are about a patient ("the patient's age", "patient date of birth"). Each use starts
#: with a look at the word itself (``\b(?=age)``), so the lookbehinds run only where that word begins.
_NOT_PATIENT = r"(?<!patient )(?<!patient's )(?<!patients' )(?<!patients )"

#: Things in a queue have an age too: "ticket age", "sort the queue by age", "the age of the oldest message".
_WORK_ITEMS = (r"(?:tickets?|messages?|queues?|backlogs?|requests?|incidents?|alerts?|data|records?|servers?"
               r"|hardware|devices?|backups?|systems?|items?|cases?|jobs?|orders?|results?)")
_NOT_WORK_ITEM = r"(?<!by )(?<!ticket )(?<!tickets )(?<!message )(?<!queue )(?<!backlog )(?<!request )(?<!data )"
#: A maternity ward is a place in a hospital, not a question about pregnancy.
_NOT_A_UNIT = (r"(?!'s\b)(?!\s+(?:wards?|units?|modules?|services?|departments?|go-live|unit's|clinics?"
               r"|theatres?|theaters?|triage|teams?|staff|records?|flowsheets?|build|system|floor|wing|areas?"
               r"|beds?|nurses?|documentation|order sets?)\b)")

_NOT_JOB_RELATED = (
    "asking invites discrimination claims and says nothing about how the candidate does the job"
)

#: (what it is about, extra advice, pattern). Word boundaries everywhere, so "manage", "page", "usage" and
#: "leverage" never read as "age"; the exceptions cover everyday health IT words ("race condition",
#: "cardiac arrest", "disabled the interface", "children's hospital", "a SQL UNION").
PROTECTED_CHARACTERISTICS: tuple[tuple[str, str, re.Pattern], ...] = (
    _protected(
        "age", "",
        r"\b(?=age)" + _NOT_PATIENT + _NOT_WORK_ITEM + r"age\b(?!-(?:based|appropriate|specific|related))"
        r"(?!\s+of\s+(?:the\s+)?(?:oldest\s+)?" + _WORK_ITEMS + r")",
        r"\bhow old (?:are|were) you\b", r"\b(?=birth)" + _NOT_PATIENT + r"birth ?(?:year|date|day)s?\b",
        r"\byear of birth\b",
        r"\b(?=date)" + _NOT_PATIENT + r"date of birth\b", r"\b(?:were you|you were) born\b", r"\bborn in\b",
        r"\bretir(?:e|ing|ement)\s+soon\b", r"\bplan(?:s|ning)?\s+to\s+retire\b", r"\bretirement plans\b",
    ),
    _protected(
        "marital or family status", "",
        r"\bmarried\b", r"\bmarital\b", r"\bspouse'?s?\b", r"\bhusband'?s?\b", r"\bwife'?s?\b",
        r"\bpartner'?s (?:job|work|career)\b", r"\bfamily plans\b", r"\bchild ?care\b", r"\bmaiden name\b",
        r"\bsignificant other\b",
    ),
    _protected(
        "pregnancy or children", "",
        r"\bpregnan\w*", r"\bchildren\b(?!'s\s+(?:hospital|ward|unit|clinic|services|health))", r"\bkids\b",
        r"\b(?:have|start|starting|having) a family\b", r"\b(?:maternity|paternity)\b" + _NOT_A_UNIT,
    ),
    _protected(
        "religion", "",
        r"\breligio(?:n|ns|us)\b", r"\bchurch\w*", r"\bmosques?\b", r"\bsynagogues?\b",
        r"\bpray(?:s|ed|ing|ers?)?\b", r"\bholy days?\b", r"\bsabbath\b", r"\breligious holidays?\b",
    ),
    _protected(
        "national origin", "",
        r"\bnational origin\b", r"\bnationality\b", r"\bwhere are you (?:originally )?from\b",
        r"\bwhere do you come from\b", r"\bcountry of origin\b", r"\bnative (?:language|tongue)\b",
        r"\bmother tongue\b", r"\baccent\b", r"\b(?=ethnic)" + _NOT_PATIENT + r"ethnic\w*",
    ),
    _protected(
        "citizenship",
        " To check the right to work, ask only whether the candidate is authorized to work here",
        r"\bcitizen(?:s|ship)?\b(?!\s+(?:developers?|science|scientists?))", r"\bimmigration status\b",
        r"\bgreen card\b",
    ),
    _protected(
        "disability or health", "",
        r"\bdisabilit(?:y|ies)\b", r"\b(?:are|were) you disabled\b", r"\byou(?:'re| are) disabled\b",
        r"\b(?=medical|health)" + _NOT_PATIENT + r"(?:medical|health) conditions?\b", r"\b(?=illness)" + _NOT_PATIENT + r"illness(?:es)?\b",
        r"\bmedications? (?:do )?you (?:take|are taking|use)\b", r"\byour medications?\b",
        r"\bsick (?:days?|leave)\b", r"\bworkers'? comp(?:ensation)?\b",
    ),
    _protected(
        "arrest record", " Ask only about convictions where the law and the job require it",
        r"\b(?=arrest)(?<!cardiac )(?<!respiratory )(?<!cardiopulmonary )"
        r"\barrest(?:s|ed|ing)?\b(?!\s+(?:code|team|alert))",
    ),
    _protected(
        "union membership", "",
        r"\bunion (?:membership|members?|activit(?:y|ies)|dues|organi[sz]\w*)\b",
        r"\b(?:labou?r|trade) unions?\b", r"\byour union\b", r"\b(?:belong|belonged) to a union\b",
        r"\bjoin(?:ed)? a union\b", r"\bunioni[sz]\w*",
    ),
    _protected(
        "sexual orientation", "",
        r"\bsexual orientation\b", r"\bsexuality\b", r"\bgay\b", r"\blesbian\b", r"\bbisexual\b",
        r"\bare you straight\b", r"\bstraight or gay\b", r"\bgay or straight\b",
    ),
    _protected(
        "gender identity", "",
        r"\bgender identity\b", r"\btransgender\b", r"\bpronouns?\b",
    ),
    _protected(
        "race", "",
        r"\b(?=race)" + _NOT_PATIENT + r"race\b(?!\s+(?:conditions?|against))", r"\bracial\w*", r"\bskin colou?r\b",
        r"\bcolou?r of (?:your|their) skin\b",
    ),
)


# ---------------------------------------------------------------------------------------------- proxies


def _proxy(label: str, what: str, *patterns: str) -> tuple[str, str, re.Pattern]:
    return _rule(label, what, patterns)


#: Words for an organisation, site or system after "partner": a business partner is not a relationship.
_PARTNER_BUSINESS = (
    r"(?!\s+(?:hospitals?|organi[sz]ations?|sites?|vendors?|labs?|laborator\w+|compan\w+|agenc\w+|clinics?"
    r"|trusts?|teams?|systems?|practices?|institutions?|universit\w+|programs?|programmes?|networks?|firms?"
    r"|suppliers?|services?|facilit\w+|boards?|schools?|health|care)\b)"
)

#: Questions that ask about a protected characteristic without naming it: (what it reveals, the proxy,
#: pattern). Each comes with a test that it fires and a test that the everyday health-IT words close to it
#: ("a patient's age", "children's hospital", "business partner", "native app", "a mature process",
#: "parent ticket", "child record", "dependent systems", "fasting glucose", "discharge summary") do not.
#: A proxy that overlaps a direct hit (above) in the same field is not reported twice.
PROXIES: tuple[tuple[str, str, re.Pattern], ...] = (
    _proxy(
        "age", "a date or stage of life that reveals age",
        r"\byou graduat\w*\b", r"\byour graduation\b", r"\bgraduation (?:year|date)\b",
        r"\bwhen did you (?:finish|leave|start|complete) (?:school|high school|college|university"
        r"|secondary school|your degree)\b",
        r"\byear (?:you|of) (?:left|finished) school\b", r"\bclass of (?:19|20)\d\d\b",
        r"\b(?:years?|long) (?:left )?(?:until|before|till|to) (?:you |your )?retire(?:ment)?\b",
        r"\bwhen (?:do|will|would) you (?:plan to |expect to |want to )?retire\b",
        r"\bborn\b", r"\bdigital natives?\b", r"\bover-?qualified\b",
        r"\b(?:mature|older|younger|young|energetic) (?:candidates?|workers?|applicants?|employees?|people"
        r"|persons?|staff|team members?|colleagues?|generation)\b(?!')",
        r"\bwhat generation\b",
    ),
    _proxy(
        "marital or family status", "words for a partner or relationship",
        r"\b(?:your|their) (?:partner|other half)\b" + _PARTNER_BUSINESS + r"(?!-)",
        r"\bpartner at home\b", r"\b(?:life|domestic) partner\b", r"\bboy ?friend\b", r"\bgirl ?friend\b",
        r"\bfianc[eé]e?\b", r"\bengaged to be married\b", r"\brelationship status\b", r"\bare you single\b",
        r"\bin-laws?\b", r"\bwho do you live with\b", r"\bdo you live alone\b",
    ),
    _proxy(
        "family status and caregiving", "who looks after someone at home",
        r"\b(?:who|someone to) (?:looks?|will look|would look|can look) after (?:your|the|their) (?:kids|children"
        r"|family|parents?|relatives?|baby|little ones)\b",
        r"\blook(?:s|ing)? after (?:your|their) (?:kids|children|family|parents?|relatives?|baby)\b",
        r"\b(?:your|any|have|no) dependants\b", r"\b(?:your|any|have) dependents\b",
        r"\bdependa?e?nts at home\b", r"\b(?:kids|children) at home\b",
        r"\bcar(?:ing|er) (?:responsibilit\w+|duties|for (?:a|an|your) (?:relative|parent|family member|child))\b",
        r"\bschool (?:run|pick-?ups?|drop-?offs?)\b", r"\bbaby-?sitt\w*\b", r"\bnann(?:y|ies)\b",
        r"\bfamily (?:commitments|obligations|responsibilities|situation)\b", r"\belderly parents?\b",
        r"\b(?:parental|family) leave\b", r"\bplan(?:s|ning)? (?:to|on) hav(?:e|ing) (?:a baby|kids|children)\b",
        r"\bexpecting a (?:baby|child)\b",
    ),
    _proxy(
        "national origin", "where a family comes from",
        r"\bwhere (?:is|are|was|were|does|do|did) your (?:family|parents|grandparents|ancestors|people|folks)\b",
        r"\byour (?:family|parents|grandparents)(?:'s)? (?:come|came|comes|originally)\b",
        r"\b(?:are|were) you originally\b", r"\byou(?:'re| are) originally from\b", r"\boriginally from\b\s*\?",
        r"\b(?:your|their|cultural|family|ethnic) (?:heritage|ancestry)\b", r"\byour roots\b",
        r"\bof \w+ descent\b", r"\b(?:first|home) language\b", r"\bhome country\b",
        r"\bwhere did you grow up\b", r"\bhometown\b",
    ),
    _proxy(
        "national origin or race", "what a name or an accent suggests",
        r"\b(?:that|your|an|the) accent\b", r"\bwhere(?:'s| is| does) (?:your|that) (?:name|surname)\b",
        r"\b(?:your|that) (?:name|surname) (?:is|sounds|looks) (?:unusual|foreign|interesting|different|exotic)\b",
        r"\borigin of your (?:name|surname)\b", r"\bwhat kind of (?:a )?name\b", r"\byour real name\b",
        r"\banglici[sz]ed\b",
    ),
    _proxy(
        "religion", "holy days, places of worship and the holidays someone keeps",
        r"\bholidays? do you (?:celebrate|observe|keep)\b", r"\b(?:which|what) holidays\b",
        r"\b(?:attend\w*|go(?:es|ing)? to|visit\w*|your|a local) (?:a |the |your )?(?:church|mosque|temple"
        r"|synagogue|gurdwara|chapel)\b",
        r"\byour faith\b", r"\bworship\w*\b", r"\bday of rest\b",
        r"\b(?:do you|you) (?:eat|keep|observe) (?:kosher|halal)\b", r"\bdo you fast\b",
        r"\bobserve (?:the )?(?:sabbath|holidays|holy)\b",
    ),
    _proxy(
        "disability or health", "medication, sick days and health history",
        r"\b(?:are you|do you|you) (?:on|take|taking|use|using) (?:any )?(?:regular )?medications?\b",
        r"\bdays? off sick\b", r"\btime off sick\b",
        r"\bhow (?:many|much) (?:days?|time) (?:did|have) you (?:take|taken|miss|missed|had) (?:off )?"
        r"(?:last|this|in)\b",
        r"\babsence (?:record|history)\b",
        r"\byour (?:mental |physical )?health\b(?!\s+(?:system|service|board|trust|network|care|record|it"
        r"|informatics|organi[sz]ation|authority|district|plan)s?\b)",
        r"\bhave you (?:ever )?been (?:hospitali[sz]ed|diagnosed|in hospital|treated for)\b",
        r"\b(?:are you|have you been) (?:in|seeing a) therap(?:y|ist)\b", r"\bdo you (?:smoke|drink)\b",
        r"\bhow (?:tall are you|much do you weigh)\b",
        r"\byour (?:height|weight|allerg\w+|wheelchair|hearing|eyesight)\b",
        r"\byour family(?:'s)? (?:medical |health )?history\b",
        r"\b(?:your|any) genetic (?:tests?|conditions?|information)\b",
    ),
    _proxy(
        "arrest record", "trouble with the police",
        r"\btrouble with the (?:police|law)\b", r"\bpolice record\b",
        r"\b(?:been|ever been) (?:in jail|in prison|locked up)\b",
    ),
    _proxy(
        "sexual orientation or gender identity", "a partner's sex, a birth name or a title",
        r"\bsame-?sex\b", r"\bbirth name\b", r"\bname (?:at|given at) birth\b",
        r"\b(?:your|any) (?:previous|former|other) names?\b",
        r"\b(?:mr|mrs|miss|ms|mx)\.? or (?:mr|mrs|miss|ms|mx)\b", r"\bsex (?:assigned|at birth)\b",
    ),
    _proxy(
        "race or national origin", "a photograph, hair or complexion",
        r"\bphoto(?:graph)? of (?:yourself|you)\b", r"\byour (?:photo|photograph|hair|complexion)\b",
    ),
    _proxy(
        "citizenship or national origin", "a passport, a visa or how long someone has lived here",
        r"\b(?:your|which|what) (?:passport|visa)\b", r"\bhow long have you (?:lived|been living) (?:in|here)\b",
        r"\bwhen did you (?:come|move|arrive|immigrate) (?:to this country|here)\b", r"\bimmigrat\w+\b",
    ),
    _proxy(
        "military or veteran status", "the kind of discharge from service",
        r"\bmilitary discharge\b", r"\bdischarged? from (?:the )?(?:army|navy|air force|military|armed forces"
        r"|forces)\b", r"\bdishonou?rabl[ey] discharge\w*\b",
    ),
    _proxy(
        "political opinion", "voting or party",
        r"\bwho did you vote\b", r"\bpolitical (?:party|views|affiliation|beliefs|opinions?)\b",
    ),
)
