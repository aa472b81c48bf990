"""Models of the cms app: pages, snippets and site settings."""

from cms.models.catalogue import (
    CatalogueImport,
    ImportStatus,
    ProcedureImportState,
    ProcedureUpdateProposal,
    ProposalStatus,
)
from cms.models.communes import CommuneStaffGroup, LocalProcedure, LocalProcedureFee
from cms.models.pages import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageTag,
    DocumentKind,
    FeeChannel,
    FeeItemBase,
    FeeKind,
    HomePage,
    OnlineMode,
    ProcedureDocument,
    ProcedureFee,
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
    "Audience",
    "CatalogueImport",
    "CommuneSettings",
    "CommuneStaffGroup",
    "DocumentKind",
    "FeeChannel",
    "FeeItemBase",
    "FeeKind",
    "HomePage",
    "ImportStatus",
    "LocalProcedure",
    "LocalProcedureFee",
    "OnlineMode",
    "ProcedureDocument",
    "ProcedureImportState",
    "ProcedureFee",
    "ProcedureIndexPage",
    "ProcedurePage",
    "ProcedureUpdateProposal",
    "ProposalStatus",
    "Sector",
    "ServiceLevel",
    "StandardPage",
]
