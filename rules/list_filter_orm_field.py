r"""Every ``filter`` key the ORM reads must resolve to a field of the queried entity.

Source: ``biconnector/lib/Rest/Base.php`` (``Bitrix\BIConnector\Rest\Base::prepareOrmParams``, lines
505-549, after ``validateFilter``, lines 462-503), then the ORM query of each entity's ``getList``;
``bicon_lint/orm.py`` cites the lines of each step. Validation (``list-filter``) never checks the
key of an array value and strips any run of ``<>=!@%``. Then:

1. The keys are converted, nested ones too (``url_check`` -> ``URL_CHECK``, ``1E3`` -> ``1_E3``;
   ``main/lib/engine/response/converter.php``).
2. The entity's ``prepareFilter`` (``biconnector/lib/Rest/Connector.php`` lines 407-413,
   ``biconnector/lib/Rest/Source.php`` lines 471-501, ``biconnector/lib/Rest/Dataset.php`` lines
   428-458): a connector forces ``APP_ID`` to the caller's app (``appId`` is harmless); sources and
   datasets query their relation entity (``ExternalSourceRest``, ``ExternalSourceDatasetRelation``)
   and insert ``SOURCE.`` / ``DATASET.`` before a top-level key's first run of capitals, except
   ``connectorId`` / ``sourceId`` (kept) and ``settings`` / ``fields`` (dropped): a top-level
   ``logic`` becomes the unknown ``SOURCE.LOGIC``, while the keys of a group stay unprefixed and
   resolve on the relation. Top-level ``[]`` values are dropped.
3. ``Query::setFilterChains`` (``main/lib/orm/query/query.php`` lines 1358-1466) walks the keys in
   order: ``LOGIC`` is skipped, an ``is_numeric`` key (``"5 "``, ``" 5"``, ``"1e3"``) is a group,
   any other key loses **one** CSQLWhere operator, longest first
   (``main/classes/general/sqlwhere.php`` lines 41-65, 245-262): ``"<<>>!!title"`` names
   ``<>>!!TITLE``, ``"?title"`` is fine (with an array value: validation does not strip ``?``). The
   rest is a ``.``-chain (``main/lib/orm/query/chain.php`` lines 208-353): an unknown element throws
   ``SystemException`` code 100, a scalar field before the end (``title.x``) one with code 0, which
   the REST server answers **top-level** (HTTP 400) as ``"100"`` and ``ERROR_CORE``, with the
   exception's message (``rest/lib/restexception.php`` lines 75-110).

Only the first failing key is answered, after the ORM's order errors (``list-order-direction``).
Keys the validation rejects are left to ``list-filter``; after a key the model cannot follow (a
class name, a lone ``*``) nothing is judged.

Pass: ``{"filter": {"@id": [9, 11], "?id": [1]}}``   Fail: ``{"filter": {"bogus": [1, 2]}}``,
``{"filter": {"<<>>!!title": "x"}}``, ``{"filter": {"title.x": [1]}}``
"""

from __future__ import annotations

from collections.abc import Iterator

from bicon_lint import access, orm
from bicon_lint.model import Code, Finding, Part, Request, RuleSpec, Stage
from bicon_lint.rules import list_filter

SPEC = RuleSpec(
    name="list-filter-orm-field",
    codes={
        "100": Code("Unknown field definition `{field}` ({definition}) for {entity} Entity."),
        "ERROR_CORE": Code(
            "Normal fields can be only the last in chain, `{field}` {kind} is not the last."
        ),
    },
    methods=list_filter.SPEC.methods,
    stage=Stage.QUERY,
    summary="filter keys must resolve to ORM fields (top-level 100 or ERROR_CORE)",
)


def check(request: Request) -> Iterator[Finding]:
    filter_ = request.params.get("filter") if isinstance(request.params, dict) else None
    steps = orm.filter_steps(access.entity(request), filter_, request.target)
    allowed = {row.title for row in access.field_table(request)}
    for position, (loc, value, outcome) in enumerate(steps):
        if isinstance(outcome, orm.Undecided):
            return  # the ORM may fail here first, or crash: later keys are not judged
        if outcome is None or not list_filter.passes(loc[-1], value, allowed):
            continue  # resolves, or the validation answers first (list-filter)
        if isinstance(outcome, orm.Unknown):
            code = "100"
            args = {"field": outcome.element, "definition": outcome.definition}
            args["entity"] = outcome.entity
        else:
            code, args = "ERROR_CORE", {"field": outcome.name, "kind": outcome.kind}
        yield Finding(
            loc=loc,
            code=code,
            args={**args, "top_level": True},
            part=Part.KEY,
            order=(1, position),
            returns=True,
        )
