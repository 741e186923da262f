// Until the end-to-end demo lands, show which public API exists.
import * as octi from "@octi/connector";

const names = Object.keys(octi).sort();
console.log(`octi-connector 0.1.0: ${names.length} public exports so far`);
console.log(names.join(", "));
