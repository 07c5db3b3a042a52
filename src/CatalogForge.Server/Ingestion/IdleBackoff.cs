namespace CatalogForge.Server.Ingestion;

/// <summary>Waits between empty polls: min, 2·min, 4·min, … capped at max; back to min once a message arrives.</summary>
public sealed class IdleBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public IdleBackoff(TimeSpan min, TimeSpan max)
    {
        _min = min;
        _max = max;
        _next = min;
    }

    public TimeSpan Next()
    {
        var delay = _next;
        _next = delay * 2 < _max ? delay * 2 : _max;
        return delay;
    }

    public void Reset() => _next = _min;
}
