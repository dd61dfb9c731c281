// Public exports of src/genre. Each module adds its own export lines here.
export {};
