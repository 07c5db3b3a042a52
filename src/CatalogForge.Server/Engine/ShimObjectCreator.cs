using DurableTask.Core;

namespace CatalogForge.Server.Engine;

/// <summary>
/// A DurableTask.Core object creator for one of Core's <c>Microsoft.DurableTask</c> orchestrators or activities, built
/// through the public shims (as the Durable Functions extension bridges them). A new shim per execution: a shim holds
/// its episode's context. The version is empty, as the shims schedule activities and sub-orchestrations.
/// </summary>
internal sealed class ShimObjectCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public ShimObjectCreator(string name, Func<T> create)
    {
        _create = create;
        Name = name;
        Version = string.Empty;
    }

    public override T Create() => _create();
}
