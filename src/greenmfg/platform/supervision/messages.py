"""Message templates of the core (flag reasons, removal reasons, errors), marked for
translation so that ``makemessages`` finds them; the platform renders them with
``gettext(template) % params``."""

import re
from typing import Any

from django.utils.translation import get_language, gettext, gettext_noop

CORE_TEMPLATES = [
    gettext_noop("%(field)s is %(value).2f %%; a share cannot exceed 100 %%."),
    gettext_noop("%(field)s is %(value).4g but its parts give %(expected).4g (%(parts)s)."),
    gettext_noop(
        "Solid waste utilised (%(utilised).4g t) exceeds solid waste generated (%(generated).4g t); explain the stock from earlier years."
    ),
    gettext_noop(
        "%(pollutant)s concentration %(concentration).4g %(unit)s exceeds the permit limit %(limit).4g %(unit)s."
    ),
    gettext_noop("The unit declared the veto item %(item)s (Art. 15)."),
    gettext_noop(
        "%(field)s changed from %(previous).4g to %(value).4g (× %(ratio).2f); the band is × %(min_ratio).2f to × %(max_ratio).2f (%(source)s, %(status)s)."
    ),
    gettext_noop(
        "%(field)s is %(value).4g %(unit)s, outside the plausible range %(low).4g–%(high).4g %(unit)s derived from %(source)s %(clause)s (%(status)s)."
    ),
    gettext_noop("The figures %(fields)s are identical to those filed by %(count)d other unit(s)."),
    gettext_noop(
        "%(field)s is %(value).4g in the filing but %(accounted).4g in the unit's own accounting (difference %(diff_pct).1f %%, tolerance %(tolerance_pct).1f %%)."
    ),
    gettext_noop("Veto event in %(year)s: %(items)s (Art. 15)."),
    gettext_noop("No dynamic management table filed for %(year)s."),
    gettext_noop("Data of the %(year)s filing found falsified: %(detail)s."),
    gettext_noop("In the bottom %(share_pct)s %% of group %(group)s in each of %(years)s."),
    gettext_noop("Major accident in %(year)s: %(detail)s (immediate removal)."),
    gettext_noop(
        "%(what)s needs a recorded random seed (an integer) so that the draw can be reproduced"
    ),
    gettext_noop("%(unit)s is not on any green manufacturing list in %(year)s: %(detail)s"),
    gettext_noop("%(field)s: %(reason)s"),
]


_SPEC = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdfg]")


def translated_text(text: str) -> str:
    """A text the core filled in English from one of :data:`CORE_TEMPLATES` (a removal
    proposal's reason, say "No dynamic management table filed for 2025.") in the active
    language: the template is recognised, its values kept as written.  Any other text
    (an official's own words) is returned as it is."""
    for template in CORE_TEMPLATES:
        names: list[str] = []
        pattern = ""
        position = 0
        for match in _SPEC.finditer(template):
            pattern += re.escape(template[position : match.start()].replace("%%", "%"))
            if match[1] in names:
                pattern += f"(?P={match[1]})"
            else:
                names.append(match[1])
                pattern += f"(?P<{match[1]}>.+?)"
            position = match.end()
        pattern += re.escape(template[position:].replace("%%", "%"))
        found = re.fullmatch(pattern, text.strip(), re.S)
        if found is None or not names:
            continue
        try:
            return _SPEC.sub(r"%(\1)s", gettext(template)) % found.groupdict()
        except (KeyError, TypeError, ValueError):
            return text
    return text


def unmet_text(notice: Any) -> str:
    """One unmet condition of a support measure (a core Notice: template + codes) in the
    active language, its list level and unit kinds by their names."""
    from greenmfg.platform.registry.models import Listing

    template = getattr(notice, "template", None)
    if not template:
        return str(notice)
    sep = "、" if (get_language() or "zh-hans").startswith("zh") else ", "
    params: dict[str, Any] = {}
    for key, value in notice.params.items():
        codes = [c.strip() for c in str(value).split(",")]
        if key in ("level", "min_level"):
            names = [str(dict(Listing.Level.choices).get(c, c)) for c in codes]
        elif key in ("kind", "kinds"):
            names = [str(dict(Listing.Kind.choices).get(c, c)) for c in codes]
        elif key in ("grades", "prefixes"):
            names = codes
        else:
            names = [str(value)]
        params[key] = sep.join(names)
    try:
        return gettext(template) % params
    except (KeyError, TypeError, ValueError):
        return str(notice)
