using Microsoft.Net.Http.Headers;

namespace CatalogForge.Server.Dashboard;

public static class DashboardExtensions
{
    /// <summary>
    /// Serves the browser dashboard from <c>wwwroot</c> at <c>/</c> (index.html as the default file), anonymously: the
    /// page holds no data, every call it makes sends the tenant's key. Routing runs first, so a request that matches an
    /// API route is never answered with a file, and no file answers for an unknown <c>/api</c> path (no SPA fallback: the
    /// page routes with the URL fragment). Files are revalidated on every load (no build step means no hashed names).
    /// </summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.CacheControl] = "no-cache";
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Scripts and styles from this origin only; product images arrive as blob: URLs made from fetched PNGs.
                headers[HeaderNames.ContentSecurityPolicy] =
                    "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; " +
                    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            },
        });
        return app;
    }
}
