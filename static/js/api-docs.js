// Render the interactive API documentation (Swagger UI, served by the portal).
(function () {
  "use strict";
  var mount = document.getElementById("swagger-ui");
  if (!mount || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: mount.getAttribute("data-schema-url"),
    domNode: mount,
    deepLinking: true,
    tryItOutEnabled: false,
    // The online validator's badge is an image from swagger.io: nothing
    // outside the portal is loaded.
    validatorUrl: null,
    // Groups open, operations closed: the page reads as a table of contents.
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
  });
})();
