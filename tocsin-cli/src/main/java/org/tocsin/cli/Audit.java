package org.tocsin.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tocsin audit}: the commands about the server's audit trail. */
@Command(name = "audit",
        mixinStandardHelpOptions = true,
        description = "Works with the server's tamper-evident audit trail.",
        subcommands = AuditVerify.class)
final class Audit implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: give tocsin audit verify");
    }
}
