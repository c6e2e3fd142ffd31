using System.Data;
using Dapper;
using Pgvector;

namespace StoreSync.Data.Ai;

/// <summary>
/// Lets Dapper pass and read <see cref="Vector"/> (Pgvector.Dapper is not served here): Npgsql itself reads and writes
/// the type once the data source has <c>UseVector()</c> (DataSourceFactory).
/// </summary>
public sealed class VectorTypeHandler : SqlMapper.TypeHandler<Vector?>
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0) SqlMapper.AddTypeHandler(new VectorTypeHandler());
    }

    public override void SetValue(IDbDataParameter parameter, Vector? value) => parameter.Value = (object?)value ?? DBNull.Value;

    public override Vector? Parse(object value) => value as Vector;
}
