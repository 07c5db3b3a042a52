using System.Globalization;
using System.Text;

namespace CatalogForge.Demo;

/// <summary>
/// Progress of several jobs on stderr. On a terminal: one bar per job, redrawn in place.
/// Otherwise (CI, a pipe): one plain line per job every couple of seconds and on every status change.
/// </summary>
internal sealed class ProgressBar(TextWriter writer, bool interactive, Func<int> terminalWidth)
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private int _drawnLines;
    private DateTimeOffset _lastPlain = DateTimeOffset.MinValue;
    private string _lastStatuses = "";
    private string _lastPlainBlock = "";

    /// <summary>Stderr is a terminal (and not a dumb one).</summary>
    public static ProgressBar ForStandardError()
    {
        var interactive = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb";
        return new ProgressBar(Console.Error, interactive, () =>
        {
            try
            {
                return Console.WindowWidth;
            }
            catch (IOException)
            {
                return 0;
            }
        });
    }

    /// <summary>A message above the bars.</summary>
    public void Note(string message)
    {
        lock (_gate)
        {
            ClearBars();
            writer.WriteLine(message);
            writer.Flush();
        }
    }

    public void Update(IReadOnlyList<TrackedJob> jobs)
    {
        lock (_gate)
        {
            if (interactive)
            {
                Redraw(jobs);
                return;
            }

            var statuses = string.Join(',', jobs.Select(j => j.Latest?.Status));
            var now = DateTimeOffset.UtcNow;
            if (statuses == _lastStatuses && now - _lastPlain < PlainInterval)
            {
                return;
            }

            _lastStatuses = statuses;
            _lastPlain = now;
            WritePlain(jobs);
        }
    }

    /// <summary>Leaves the final state on screen (or in the log) and moves past it.</summary>
    public void Finish(IReadOnlyList<TrackedJob> jobs)
    {
        lock (_gate)
        {
            if (interactive)
            {
                Redraw(jobs);
                if (_drawnLines > 0)
                {
                    writer.WriteLine();
                }

                _drawnLines = 0;
            }
            else
            {
                WritePlain(jobs);
            }

            writer.Flush();
        }
    }

    private void WritePlain(IReadOnlyList<TrackedJob> jobs)
    {
        var block = string.Join('\n', jobs.Select(j => Line(j, barWidth: 20, filled: '#', empty: '-', maxWidth: int.MaxValue)));
        if (block == _lastPlainBlock)
        {
            return;
        }

        _lastPlainBlock = block;
        writer.WriteLine(block);
        writer.Flush();
    }

    private void Redraw(IReadOnlyList<TrackedJob> jobs)
    {
        var width = terminalWidth();
        width = width <= 0 ? 100 : width;
        var barWidth = Math.Clamp(width - 70, 10, 30);
        var text = new StringBuilder();
        MoveToFirstBar(text);
        for (var i = 0; i < jobs.Count; i++)
        {
            if (i > 0)
            {
                text.Append('\n');
            }

            // Never fill the last column: a wrapped line would break the cursor arithmetic.
            text.Append(Line(jobs[i], barWidth, '█', '░', width - 1)).Append("\u001b[K");
        }

        writer.Write(text.ToString());
        writer.Flush();
        _drawnLines = jobs.Count;
    }

    private void ClearBars()
    {
        if (!interactive || _drawnLines == 0)
        {
            return;
        }

        var text = new StringBuilder();
        MoveToFirstBar(text);
        text.Append("\u001b[J");
        writer.Write(text.ToString());
        _drawnLines = 0;
    }

    private void MoveToFirstBar(StringBuilder text)
    {
        text.Append('\r');
        if (_drawnLines > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"\u001b[{_drawnLines - 1}A");
        }
    }

    internal static string Line(TrackedJob job, int barWidth, char filled, char empty, int maxWidth)
    {
        var view = job.Latest;
        var percent = Math.Clamp(view?.ProgressPercent ?? 0, 0, 100);
        var done = (int)Math.Round(barWidth * percent / 100.0);
        var counts = view?.Counts;
        var wall = job.WallTime;
        var status = view?.Status ?? (job.JobId is null ? "not submitted" : "submitted");
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{job.Label,-9}[{new string(filled, done)}{new string(empty, barWidth - done)}] {percent,3}%  " +
            $"{counts?.Succeeded ?? 0}/{counts?.Total ?? job.Inputs.Count} ok  {counts?.Failed ?? 0} failed  " +
            $"${view?.CostUsd ?? 0:0.0000}  {(int)wall.TotalMinutes:00}:{wall.Seconds:00}  {status}");
        if (!string.IsNullOrWhiteSpace(view?.ProgressMessage) && !view.IsTerminal)
        {
            // The server's message may already start with the status ("Running: 3 of 14 items done").
            var message = view.ProgressMessage.ReplaceLineEndings(" ").Trim();
            line = message.StartsWith(status, StringComparison.OrdinalIgnoreCase)
                ? line[..^status.Length] + message
                : line + ": " + message;
        }

        return line.Length > maxWidth ? line[..Math.Max(0, maxWidth - 1)] + "…" : line;
    }
}
