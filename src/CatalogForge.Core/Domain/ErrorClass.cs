namespace CatalogForge.Core.Domain;

/// <summary>Why something failed. Recorded on failed items, in logs and in job error summaries.</summary>
public enum ErrorClass
{
    None,
    RateLimited,
    QuotaExceeded,
    ServerError,
    Timeout,
    Network,
    Auth,
    BadRequest,
    NotFound,
    ContentPolicy,
    InvalidOutput,
    BudgetExceeded,
    CircuitOpen,
    Validation,
    Storage,
    Cancelled,
    Unknown,
}
