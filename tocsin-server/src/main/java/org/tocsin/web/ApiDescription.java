package org.tocsin.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI description served to members at {@code /api/v1/openapi.json}. */
@Configuration
class ApiDescription {

    @Bean
    OpenAPI tocsinApi() {
        return new OpenAPI()
                .info(new Info().title("Tocsin API").version("v1")
                        .description("Membership, identity, audit and advisories. Authenticate with a personal API token "
                                + "(Authorization: Bearer <token>). Errors are RFC 9457 problem details."))
                .components(new Components().addSecuritySchemes("token",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
