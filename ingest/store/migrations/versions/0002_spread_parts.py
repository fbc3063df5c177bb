"""pages of a two-page spread: part, region and split record per page; the script a page's OCR saw

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 00:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("part", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("region", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("split", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("script", sa.String(length=60), nullable=True))
        batch.drop_constraint("uq_page_source", type_="unique")
        batch.create_unique_constraint("uq_page_source_part", ["source_file_id", "page_in_file", "part"])


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_constraint("uq_page_source_part", type_="unique")
        batch.create_unique_constraint("uq_page_source", ["source_file_id", "page_in_file"])
        batch.drop_column("script")
        batch.drop_column("split")
        batch.drop_column("region")
        batch.drop_column("part")
