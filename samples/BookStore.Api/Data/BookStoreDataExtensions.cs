using Microsoft.EntityFrameworkCore;

namespace BookStore.Api.Data;

/// <summary>Registration and start-up of the SQLite book catalogue.</summary>
public static class BookStoreDataExtensions
{
    public const string ConnectionStringName = "BookStore";
    public const string DefaultConnectionString = "Data Source=bookstore.db";
    public const string HealthCheckName = "database";

    /// <summary>
    /// Registers <see cref="BookStoreDbContext"/> on the <c>ConnectionStrings:BookStore</c> SQLite database
    /// (default <c>Data Source=bookstore.db</c>) and its health check.
    /// </summary>
    public static IHostApplicationBuilder AddBookStoreData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddDbContext<BookStoreDbContext>((serviceProvider, options) => options
            .UseSqlite(GetConnectionString(serviceProvider.GetRequiredService<IConfiguration>()))
            .UseSeeding((context, _) => SeedIfEmpty(context))
            .UseAsyncSeeding((context, _, cancellationToken) => SeedIfEmptyAsync(context, cancellationToken)));

        builder.Services.AddHealthChecks().AddDbContextCheck<BookStoreDbContext>(HealthCheckName);

        return builder;
    }

    /// <summary>Creates the database schema if it does not exist and seeds an empty catalogue.</summary>
    public static async Task EnsureBookStoreDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        await using var scope = app.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<BookStoreDbContext>();
        await context.Database.EnsureCreatedAsync(app.Lifetime.ApplicationStopping);
    }

    private static string GetConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        return string.IsNullOrWhiteSpace(connectionString) ? DefaultConnectionString : connectionString;
    }

    private static void SeedIfEmpty(DbContext context)
    {
        var books = context.Set<Book>();
        if (books.Any())
        {
            return;
        }

        books.AddRange(BookSeedData.CreateBooks());
        context.SaveChanges();
    }

    private static async Task SeedIfEmptyAsync(DbContext context, CancellationToken cancellationToken)
    {
        var books = context.Set<Book>();
        if (await books.AnyAsync(cancellationToken))
        {
            return;
        }

        books.AddRange(BookSeedData.CreateBooks());
        await context.SaveChangesAsync(cancellationToken);
    }
}
