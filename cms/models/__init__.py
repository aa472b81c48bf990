"""Models of the cms app: pages, snippets and site settings."""

from cms.models.catalogue import (
    CatalogueImport,
    ImportStatus,
    ProcedureImportState,
    ProcedureUpdateProposal,
    ProposalStatus,
)
from cms.models.pages import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageTag,
    DocumentKind,
    HomePage,
    OnlineMode,
    ProcedureDocument,
    ProcedureIndexPage,
    ProcedurePage,
    ServiceLevel,
    StandardPage,
)
from cms.models.settings import CommuneSettings
from cms.models.snippets import Agency, Audience, Sector

__all__ = [
    "Agency",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "CatalogueImport",
    "ImportStatus",
    "ProcedureImportState",
    "ProcedureUpdateProposal",
    "ProposalStatus",
    "Audience",
    "CommuneSettings",
    "DocumentKind",
    "HomePage",
    "OnlineMode",
    "ProcedureDocument",
    "ProcedureIndexPage",
    "ProcedurePage",
    "Sector",
    "ServiceLevel",
    "StandardPage",
]
