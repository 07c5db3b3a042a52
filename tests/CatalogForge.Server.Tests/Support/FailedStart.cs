using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Tests.Support;

internal static class FailedStart
{
    /// <summary>
    /// The options validation that stopped the Server at start. WebApplicationFactory reports a host that failed to start
    /// either with the host's own exception or, when the host was disposed before the factory looked (a race in its
    /// DeferredHost), as ObjectDisposedException; the host's own failure is then in its log.
    /// </summary>
    public static OptionsValidationException ValidationOf(ServerTestEnvironment env, CapturingLoggerProvider logs)
    {
        var error = Record.Exception(() => env.Server.Services);
        var validation = error as OptionsValidationException
            ?? logs.Entries.Select(entry => entry.Exception).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(error is OptionsValidationException or ObjectDisposedException, $"unexpected {error}");
        Assert.NotNull(validation);
        return validation;
    }
}
