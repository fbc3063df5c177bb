"""two-person validation: who proofread each page, and a problem page's note

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_pages = sa.table(
    "pages",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("proofread_by", sa.String),
)
_revisions = sa.table(
    "revisions",
    sa.column("page_id", sa.Integer),
    sa.column("number", sa.Integer),
    sa.column("author", sa.String),
    sa.column("content", sa.JSON),
)


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("proofread_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("status_note", sa.Text(), nullable=True))
    # Pages proofread (corrected) or validated (approved) before: their proofreader is the author
    # of the newest revision that left the page corrected.
    conn = op.get_bind()
    done = (
        conn.execute(sa.select(_pages.c.id).where(_pages.c.status.in_(["corrected", "approved"])))
        .scalars()
        .all()
    )
    for page_id in done:
        rows = conn.execute(
            sa.select(_revisions.c.author, _revisions.c.content)
            .where(_revisions.c.page_id == page_id)
            .order_by(_revisions.c.number.desc())
        ).all()
        who = next((r.author for r in rows if (r.content or {}).get("status") == "corrected"), None)
        if who is not None:
            conn.execute(sa.update(_pages).where(_pages.c.id == page_id).values(proofread_by=who))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("status_note")
        batch.drop_column("proofread_by")
