// Public exports of src/features. Each module adds its own export lines here.
export {};
