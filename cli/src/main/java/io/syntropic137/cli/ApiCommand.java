package io.syntropic137.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** What every command that talks to the server shares: the client, the output streams, --json. */
abstract class ApiCommand {
    @Spec
    CommandSpec spec;

    SynCli root() {
        return (SynCli) spec.root().userObject();
    }

    ApiClient client() {
        return root().client();
    }

    boolean json() {
        return root().json();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A page of a list: as JSON, or as the listing's table. */
    int printPage(JsonNode page, Listing listing) {
        if (json()) {
            printJson(page);
        } else {
            listing.print(out(), page);
        }
        return ExitCodes.OK;
    }

    void printJson(JsonNode node) {
        try {
            out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the server's JSON could not be printed", e);
        }
    }
}
