using DurableTask.Core.Exceptions;

namespace CatalogForge.Core.Orchestration;

/// <summary>
/// What a workflow does with an exception that is not a classified <see cref="ActivityFailedException"/>: a bug in the
/// workflow's own code, an activity result that cannot be read back, a <c>KeyNotFoundException</c>… It must still end
/// the job or item it ran for (recorded as <see cref="Domain.ErrorClass.Unknown"/>, with a short message; the full
/// exception goes to the replay-safe log), never leave it Running.
/// <para>
/// Some exceptions are not the workflow's to catch (<see cref="MayCatch"/>): the engine waits for history by leaving
/// tasks incomplete, not by throwing, and reports non-determinism while it replays history outside the orchestrator's
/// code, so neither reaches a catch here. What can reach one and belongs to the engine is DurableTask.Core's
/// <see cref="SessionAbortedException"/>: the execution is being abandoned (another worker completed the work item,
/// the host is stopping) and the engine runs it again later; caught, it would fail the job for nothing. Fatal runtime
/// errors stay uncaught as DurableTask.Core leaves them (<c>Utils.IsFatal</c>).
/// </para>
/// </summary>
public static class UnexpectedException
{
    /// <summary>The longest message recorded for people (job row, item row); the rest is in the log.</summary>
    public const int MaxMessageChars = 300;

    public static bool MayCatch(Exception exception) =>
        exception is not (SessionAbortedException or OutOfMemoryException or StackOverflowException);

    /// <summary>"Unexpected JsonException: …", one line, at most <see cref="MaxMessageChars"/> characters.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var firstLine = exception.Message.AsSpan();
        var newline = firstLine.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            firstLine = firstLine[..newline];
        }

        var text = $"Unexpected {exception.GetType().Name}: {firstLine}";
        return text.Length <= MaxMessageChars ? text : string.Concat(text.AsSpan(0, MaxMessageChars - 1), "…");
    }
}
