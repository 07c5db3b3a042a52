using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Tests.Support;

/// <summary>Keeps CatalogForge log lines of a test host (for assertions) and echoes them to the test output.</summary>
public sealed class TestLogSink(ITestOutputHelper? output) : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyCollection<LogLine> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogLine line)
    {
        _lines.Enqueue(line);
        try
        {
            output?.WriteLine($"{line.Level} {line.Category}: {line.Message}{(line.Exception is null ? "" : " | " + line.Exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished (a host's background work logging late); the line is still kept in Lines.
        }
    }

    public sealed record LogLine(LogLevel Level, string Category, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> State);

    private sealed class Logger(TestLogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= LogLevel.Information && category.StartsWith("CatalogForge", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
                sink.Add(new LogLine(logLevel, category, formatter(state, exception), exception, values));
            }
        }
    }
}
