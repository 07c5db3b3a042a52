using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Coalesces one instance's custom status writes: the first change is written at once, later ones at most every
/// <see cref="WorkflowEngineOptions.CustomStatusFlushInterval"/>, and <see cref="CloseAsync"/> hands back whatever is
/// still unwritten so the final instance write carries it. After close nothing is written, so a late periodic write
/// can never overwrite the final state.
/// </summary>
internal sealed class CustomStatusPublisher(
    string instanceId,
    Func<string, Task> write,
    TimeSpan interval,
    TimeProvider time,
    ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closing = new();
    private string? _pending;
    private bool _dirty;
    private bool _loopActive;
    private bool _closed;
    private Task _loop = Task.CompletedTask;

    public void Publish(string customStatusJson)
    {
        lock (_gate)
        {
            _pending = customStatusJson;
            _dirty = true;
            if (!_loopActive && !_closed)
            {
                _loopActive = true;
                _loop = Task.Run(LoopAsync);
            }
        }
    }

    /// <summary>Stops periodic writes; returns the status JSON not yet written, or null.</summary>
    public async Task<string?> CloseAsync()
    {
        Task loop;
        lock (_gate)
        {
            _closed = true;
            loop = _loop;
        }

        await _closing.CancelAsync();
        await loop;
        _closing.Dispose();
        lock (_gate)
        {
            return _dirty ? _pending : null;
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            string json;
            lock (_gate)
            {
                if (!_dirty || _closed)
                {
                    _loopActive = false;
                    return;
                }

                json = _pending!;
                _dirty = false;
            }

            try
            {
                await write(json);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Workflow {InstanceId} could not write its custom status; retrying after {Interval}", instanceId, interval);
                lock (_gate)
                {
                    // Retry with the newest value (this one, unless a newer one arrived meanwhile).
                    _dirty = true;
                }
            }

            // Cancelled by CloseAsync: the loop then sees _closed and ends; the caller writes what is pending.
            await Task.Delay(interval, time, _closing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
