using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Tests.StorageSetup;

/// <summary>Keeps every log line of every category (the Azure SDK's included), for tests that assert what a host logged.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<Line> _lines = new();

    public IReadOnlyCollection<Line> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(_lines, categoryName);

    public void Dispose()
    {
    }

    public sealed record Line(LogLevel Level, string Category, string Message);

    private sealed class Logger(ConcurrentQueue<Line> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new Line(logLevel, category, formatter(state, exception)));
    }
}
