namespace CatalogForge.Core.Intelligence.Nightly.Views;

/// <summary><c>GET /api/catalog/duplicates</c>: the near-duplicate clusters of the tenant's current snapshot (none yet: nulls, no clusters).</summary>
public sealed record DuplicatesView(string? SnapshotId, DateTimeOffset? ComputedAt, IReadOnlyList<DuplicateClusterView> Clusters);

/// <summary>
/// Products joined by near-duplicate pairs; <see cref="ClusterId"/> names the member set, so the same cluster has the same
/// id in every snapshot.
/// </summary>
public sealed record DuplicateClusterView(string ClusterId, IReadOnlyList<ClusterMemberView> Members, IReadOnlyList<DuplicatePairView> Pairs);

/// <summary>A member with its title (null when its row is gone).</summary>
public sealed record ClusterMemberView(string ProductId, string? Title);

/// <summary>Products <see cref="A"/> and <see cref="B"/> (A before B, ordinal) with their cosine similarity.</summary>
public sealed record DuplicatePairView(string A, string B, float Score);
