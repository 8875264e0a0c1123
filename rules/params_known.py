"""A top-level parameter the method never reads is ignored, silently.

Source: ``rest/classes/general/rest_util.php`` (``CRestUtil::getRequestData``, lines 57-98): every
top-level key reaches the method as ``$params``, and ``biconnector`` reads only its own: ``fields``
(add; update after ``id``), ``id`` (update, get, delete), ``select``, ``filter``, ``order``,
``page`` (list), none (fields), and ``id``, ``add``, ``update``, ``delete`` (``fields.update``), in
``biconnector/lib/Rest/Base.php``: ``add``, ``update``, ``delete``, ``fields``, ``get``, ``list``
(lines 37-247), ``validateParamsForAdd``/``ForUpdate``, ``validateParamsId`` (249-302),
``validateParamsForList`` and ``prepareOrmParams`` (398-549); ``biconnector/lib/Rest/Dataset.php``:
``fieldsUpdate`` and ``validateParamsForFieldsUpdate`` (490-618); the same in biconnector 25.300.0
(``alex-jazzman/bitrix24_source``). Any other key (``extra``, ``limit`` or ``offset`` on a list,
``appId``, which the module overwrites) changes nothing, and keys are case-sensitive: ``Fields`` and
``field`` are not ``fields``, so ``add`` answers ``Fields not provided.``. The warning names the
parameter it was probably meant to be (a close spelling of one the method reads, by ``difflib``).

``start`` never reaches the method: ``CRestServer::processCall`` takes it out as the offset of other
modules' lists (``rest/classes/general/rest.php`` lines 216-221), and ``biconnector`` lists page
with ``page`` (50 items a page, ``Base::prepareOrmParams``, lines 539-546). The keys the REST core
takes for itself are not reported: ``auth``, ``access_token``, ``auth_connector``
(``rest/lib/oauth/auth.php`` lines 39-45, ``rest.php`` lines 598-607), ``sessid``
(``rest/lib/sessionauth/auth.php`` lines 19-21), ``aplogin``, ``ap`` (``rest/lib/apauth/auth.php``
lines 27-29), ``state`` (``rest.php`` lines 474-478), and ``token``, which sends the call down the
core's signed-link path (``isTokenCheck``, ``rest.php`` lines 138-150) rather than to the method.
Params that are not an object are not checked.

Pass: ``{"id": 4, "fields": {"title": "T"}}`` (update)
Fail: ``{"id": 4, "field": {"title": "T"}}`` (update), ``{"limit": 10}``, ``{"start": 50}`` (list)
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator

from bicon_lint.methods import METHODS, params_read
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Severity, Stage

SPEC = RuleSpec(
    name="params-known",
    codes={
        "BL520": Code(
            "{key} is not a parameter of {method}: {why}", server=False, severity=Severity.WARNING
        )
    },
    methods=frozenset(METHODS),
    stage=Stage.ADVISORY,
    summary="top-level params the method never reads (`field`, `limit`, `start`): ignored",
)

# Taken out of the query by the REST core before the method runs (see the docstring).
REST_CORE_KEYS = frozenset(
    {"auth", "access_token", "auth_connector", "sessid", "aplogin", "ap", "state", "token"}
)
START = "start"
NEAR_MISS = 0.7  # difflib's ratio from which a key is taken for a misspelled parameter
PAGING = '; biconnector lists page with "page" (50 items a page)'


def check(request: Request) -> Iterator[Finding]:
    params = request.params
    read = params_read(request.method)
    if not isinstance(params, dict) or read is None:
        return
    for key in params:
        if key in read or key in REST_CORE_KEYS:
            continue
        if key == START:
            paging = PAGING if request.method.endswith(".list") else ""
            why = f"the REST core takes it out before the method runs{paging}"
        else:
            why = f"the server ignores it ({_hint(str(key), read, params)})"
        args = {"key": _quoted(key), "method": request.method, "why": why}
        yield Finding((key,), "BL520", args, part=Part.KEY)


def _hint(key: str, read: tuple[str, ...], params: dict[object, object]) -> str:
    """A parameter the key was probably meant to be, else the ones the method reads."""
    absent = [name for name in read if name not in params]
    same = [name for name in absent if name == key.lower()]
    close = same or difflib.get_close_matches(key.lower(), absent, n=1, cutoff=NEAR_MISS)
    if close:
        return f"did you mean {_quoted(close[0])}?"
    if not read:
        return "the method reads no parameters"
    return "the method reads " + ", ".join(map(_quoted, read))


def _quoted(key: object) -> str:
    return json.dumps(str(key), ensure_ascii=False)
