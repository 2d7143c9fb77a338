using FlowGrain.Silo;

SiloApp.Build(args).Run();
