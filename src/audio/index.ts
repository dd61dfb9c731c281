// Public exports of src/audio. Each module adds its own export lines here.
export {};
