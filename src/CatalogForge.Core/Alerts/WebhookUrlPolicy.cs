using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;

namespace CatalogForge.Core.Alerts;

/// <summary>
/// Where a webhook may point: an absolute <c>https</c> URL without user info or fragment, whose host resolves only to
/// addresses <see cref="BlockedAddresses"/> allows. When the host runs in Development, <c>http</c> and loopback are
/// allowed for loopback hosts (a receiver on the developer's machine); nothing else is. Checked when a webhook is
/// created and again by <see cref="WebhookConnector"/> for every connection, so a name that later resolves elsewhere
/// (DNS rebinding) is refused at delivery.
/// </summary>
public sealed class WebhookUrlPolicy(IHostEnvironment environment)
{
    public const int MaxUrlLength = 2048;

    public bool AllowsLoopback => environment.IsDevelopment();

    /// <summary>Why <paramref name="url"/> is not acceptable by its form, or null (the addresses are checked by <see cref="ResolveAsync"/>).</summary>
    public string? FormProblem(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || url.Any(char.IsControl))
        {
            return $"url must be an absolute https URL of at most {MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) || parsed.HostNameType == UriHostNameType.Unknown)
        {
            return "url must be an absolute https URL.";
        }

        if (parsed.UserInfo.Length > 0 || parsed.Fragment.Length > 0)
        {
            return "url must not contain user info or a fragment.";
        }

        var loopbackHttp = parsed.Scheme == Uri.UriSchemeHttp && AllowsLoopback && IsLoopbackHost(parsed);
        if (parsed.Scheme != Uri.UriSchemeHttps && !loopbackHttp)
        {
            return AllowsLoopback
                ? "url must use https (http only for a loopback host such as localhost or 127.0.0.1)."
                : "url must use https.";
        }

        uri = parsed;
        return null;
    }

    /// <summary>The host's addresses when every one is allowed; else a refusal naming the first that is not.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new WebhookAddressException($"The host {host} does not resolve ({ex.SocketErrorCode}).", permanent: false, ex);
            }
        }

        if (addresses.Length == 0)
        {
            throw new WebhookAddressException($"The host {host} has no addresses.", permanent: false);
        }

        foreach (var address in addresses)
        {
            if (BlockedAddresses.Reason(address, AllowsLoopback) is { } reason)
            {
                throw new WebhookAddressException($"The host {host} resolves to a refused address: {reason}", permanent: true);
            }
        }

        return addresses;
    }

    private static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A webhook host that must not or cannot be reached. <see cref="Permanent"/>: it resolves to a refused address (never
/// retried); otherwise the name did not resolve, which may pass.
/// </summary>
public sealed class WebhookAddressException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
