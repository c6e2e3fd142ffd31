using Npgsql;
using Pgvector.Npgsql;

namespace StoreSync.Data.Db;

public static class DataSourceFactory
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        // Fail fast when the database is down so health checks and requests answer 503 quickly.
        if (csb.Timeout == 15) csb.Timeout = 5;
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = "storesync";
        var builder = new NpgsqlDataSourceBuilder(csb.ConnectionString);
        builder.UseVector(); // pgvector's vector type as Pgvector.Vector (the AI embeddings)
        return builder.Build();
    }
}
