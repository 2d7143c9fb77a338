namespace FlowGrain.Gateway.Console.Live;

/// <summary>What a viewer's live table is doing, as its status chip shows it.</summary>
public enum LiveState
{
    /// <summary>Reading the selected range before following the feed.</summary>
    Starting,

    /// <summary>Following the live feed: new flows appear within 2 seconds.</summary>
    Live,

    /// <summary>Paused by the viewer: the rows stay as they are.</summary>
    Paused,

    /// <summary>Reading what was missed (after a pause or after falling behind) before following again.</summary>
    CatchingUp,

    /// <summary>The feed or the cluster cannot be reached right now; retrying.</summary>
    Unavailable,

    /// <summary>Not following: the viewer looks at history.</summary>
    Stopped,
}
