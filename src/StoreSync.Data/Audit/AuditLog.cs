using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace StoreSync.Data.Audit;

/// <summary>One row per change made through the API, written in the same transaction as the change.</summary>
public static class AuditLog
{
    public static Task WriteAsync(DbConnection conn, DbTransaction? tx, Guid? actorId, Guid? brandId, string action, string entity,
        Guid? entityId, object? details, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO audit_log (actor_id, brand_id, action, entity, entity_id, details)
            VALUES (@actorId, @brandId, @action, @entity, @entityId, @details::jsonb)
            """, new { actorId, brandId, action, entity, entityId, details = JsonSerializer.Serialize(details ?? new { }) }, tx, cancellationToken: ct));
}
